/** Core's side of federation: {@link org.hearth.api.federation.FederationHost} for the federation bundle. */
package org.hearth.core.internal.federation;
