/**
 * The event format layer: the pure functions that make and check the bytes of Matrix events,
 * with no storage and no OSGi.
 *
 * <ul>
 *   <li>{@link org.hearth.core.internal.event.RoomVersions} lists the room versions; a
 *       {@link org.hearth.core.internal.event.RoomVersion} carries the algorithms its rooms run
 *       on, so callers ask it rather than compare version numbers.</li>
 *   <li>{@link org.hearth.core.internal.event.CanonicalJson} encodes JSON for hashing and signing;
 *       {@link org.hearth.core.internal.event.JsonSigner} signs and checks any JSON,
 *       {@link org.hearth.core.internal.event.EventSigner} events.</li>
 *   <li>{@link org.hearth.core.internal.event.Redactor},
 *       {@link org.hearth.core.internal.event.ContentHash} and
 *       {@link org.hearth.core.internal.event.ReferenceHash} follow the room version's rules;
 *       {@link org.hearth.core.internal.event.EventIds} turns an event into its ID and its
 *       {@link org.hearth.core.internal.event.Pdu}.</li>
 * </ul>
 *
 * <p>Events are Jackson {@link com.fasterxml.jackson.databind.node.ObjectNode}s in their
 * federation form; no method changes the object it is given.
 */
package org.hearth.core.internal.event;
