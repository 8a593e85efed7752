/**
 * The Server-Server API's wire, private to bundle {@code org.hearth.federation}: {@link
 * org.hearth.federation.internal.Federation} reads the {@code federation:} section and builds the
 * listener ({@code http}), server keys ({@code keys}), request signing and checking ({@code auth}),
 * discovery and outbound requests ({@code client}) and the bundle's tables ({@code store}).
 * Core's {@code FederationHost} does what the requests mean.
 */
package org.hearth.federation.internal;
