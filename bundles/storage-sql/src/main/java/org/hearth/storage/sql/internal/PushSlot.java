package org.hearth.storage.sql.internal;

/** A row of {@code push_slots}: the number of a user notified in a room ({@link PushSlots}). */
record PushSlot(String userId, int slot) {}
