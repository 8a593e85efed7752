/**
 * Moderation for the server's administrators, private to bundle {@code org.hearth.moderation}:
 * {@link org.hearth.moderation.internal.BlockedRooms} (the rooms no one joins here any more,
 * enforced by {@link org.hearth.moderation.internal.BlockedRoomsPolicy}) and
 * {@link org.hearth.moderation.internal.RoomShutdown} (a room emptied of this server's users,
 * who are moved to a room of notice). The routes speak Synapse's admin API, which operators'
 * tools already use. One route class per endpoint, its Javadoc starting with its method and path.
 */
package org.hearth.moderation.internal;
