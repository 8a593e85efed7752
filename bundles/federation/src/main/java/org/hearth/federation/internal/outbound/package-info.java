/** Part of the federation bundle; see {@link org.hearth.federation.internal}. */
package org.hearth.federation.internal.outbound;
