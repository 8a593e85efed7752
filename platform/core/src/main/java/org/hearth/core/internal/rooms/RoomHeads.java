package org.hearth.core.internal.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The heads of the rooms written lately, at most {@code maxRooms} of them; beyond that the least
 * used are dropped and read again from storage when their room is next written. A head is got and
 * put only under its room's lock ({@link RoomBatch}), so a dropped head is never loaded twice or
 * replaced by an older one.
 */
final class RoomHeads {
    private final Cache<String, RoomHead> heads;

    RoomHeads(int maxRooms) {
        heads = Caffeine.newBuilder().maximumSize(maxRooms).executor(Runnable::run).build();
    }

    RoomHead cached(String roomId) {
        return heads.getIfPresent(roomId);
    }

    void put(RoomHead head) {
        heads.put(head.roomId, head);
    }

    /** Drops the room's head: it is read again from storage when next needed. */
    void forget(String roomId) {
        heads.invalidate(roomId);
    }

    /** How many heads are cached (an estimate until the cache has done its maintenance). */
    long size() {
        heads.cleanUp();
        return heads.estimatedSize();
    }
}
