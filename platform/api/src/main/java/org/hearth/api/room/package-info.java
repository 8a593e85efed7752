/**
 * Rooms as bundles act on them: membership changes made by the server for its users, such as a
 * directory sync putting a group's members into a room.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.room;
