package org.hearth.storage.sql.internal;

/** One row of {@code room_memberships} read for a user: the user's current membership of a room. */
record UserMembership(String roomId, String membership) {
}
