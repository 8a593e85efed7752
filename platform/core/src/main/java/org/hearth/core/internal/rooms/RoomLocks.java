package org.hearth.core.internal.rooms;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.hearth.api.MatrixException;

/**
 * One writer per room at a time (ARCHITECTURE: "Writes to one room are serialised"); rooms
 * proceed in parallel. Lock order: take a room lock before any database transaction and never
 * while holding another room's lock.
 */
final class RoomLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Work that may fail with a Matrix error. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws MatrixException;
    }

    <T> T withRoom(String roomId, Work<T> work) throws MatrixException {
        ReentrantLock lock = locks.computeIfAbsent(roomId, id -> new ReentrantLock(true));
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

}
