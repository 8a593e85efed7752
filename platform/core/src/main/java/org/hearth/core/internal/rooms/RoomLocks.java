package org.hearth.core.internal.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Component;

/**
 * One writer per room at a time (ARCHITECTURE: "Writes to one room are serialised"); rooms
 * proceed in parallel. Lock order: take a room lock before any database transaction, and take a
 * second room's lock only for a room being created (nobody else can know its ID yet).
 *
 * <p>Locks are held weakly: a room's lock lives as long as a thread holds or waits for it, so
 * the map does not grow with every room ever written, and two threads of one room always share
 * one lock.
 */
@Component(service = RoomLocks.class)
public class RoomLocks {
    private final Cache<String, ReentrantLock> locks = Caffeine.newBuilder().weakValues().build();

    /** The room's lock; keep the reference while using it. */
    ReentrantLock of(String roomId) {
        return locks.get(roomId, id -> new ReentrantLock(true));
    }

    /**
     * Waits until a write to the room in progress, if any, has finished, its commit listeners
     * included. The event stream shows an event as soon as it is committed, before the listeners
     * ran: a stream consumer that reads what a listener derives (push notifications) calls this
     * for the rooms of its batch first.
     */
    public void awaitWrites(String roomId) {
        ReentrantLock lock = of(roomId);
        lock.lock();
        lock.unlock();
    }
}
