package org.hearth.storage.sql.internal;

/** One row of {@code room_memberships}: a user's current membership of a room. */
record Membership(String userId, String membership) {
}
