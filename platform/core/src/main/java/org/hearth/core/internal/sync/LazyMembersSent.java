package org.hearth.core.internal.sync;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which member events each device already got through lazy-loading syncs, per room, so that an
 * incremental sync leaves out the redundant ones (Client-Server API, "Lazy-loading room members":
 * "The server MAY ... avoid sending redundant membership state"). Memory only and bounded (the
 * least recently used rooms are forgotten): forgetting only makes a sync send a member again.
 */
final class LazyMembersSent {
    private static final int MAX_ENTRIES = 20_000;
    private static final int MAX_PER_ROOM = 2_000;

    private final Map<String, Set<String>> sent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private static String key(String user, String device, String roomId) {
        return user + '\u0000' + device + '\u0000' + roomId;
    }

    synchronized boolean wasSent(String user, String device, String roomId, String memberEventId) {
        Set<String> ids = sent.get(key(user, device, roomId));
        return ids != null && ids.contains(memberEventId);
    }

    /** Records what a sync sent; a full sync ({@code reset}) forgets what earlier ones did. */
    synchronized void record(String user, String device, String roomId, Set<String> memberEventIds, boolean reset) {
        String key = key(user, device, roomId);
        Set<String> ids = reset ? null : sent.get(key);
        if (ids == null) {
            ids = new HashSet<>();
            sent.put(key, ids);
        }
        if (ids.size() + memberEventIds.size() > MAX_PER_ROOM) {
            ids.clear();
        }
        ids.addAll(memberEventIds);
    }
}
