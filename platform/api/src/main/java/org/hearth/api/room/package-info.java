/**
 * Rooms as bundles act on them and read them: {@link org.hearth.api.room.RoomService} (create
 * rooms, send events, change memberships as a local user, through every rule a client request
 * meets) and {@link org.hearth.api.room.RoomViews} (read them with history visibility applied).
 */
@org.osgi.annotation.versioning.Version("0.3.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.room;
