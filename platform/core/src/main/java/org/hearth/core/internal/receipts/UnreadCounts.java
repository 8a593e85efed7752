package org.hearth.core.internal.receipts;

import java.util.Map;

/**
 * A room's unread counts for one user ("Receiving notifications"): those of the main timeline
 * and, when the client asked for {@code unread_thread_notifications}, those of each thread by
 * its root event ID (null when not asked for).
 */
public record UnreadCounts(long notifications, long highlights, Map<String, UnreadCounts> threads) {
    public static final UnreadCounts NONE = new UnreadCounts(0, 0, null);
}
