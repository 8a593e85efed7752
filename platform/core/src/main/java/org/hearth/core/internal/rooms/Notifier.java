package org.hearth.core.internal.rooms;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;

/**
 * Wakes waiting {@code /sync} long polls when something they care about changes: an event in
 * one of their rooms or who types there, a membership event that names their user (an invite to
 * a new room), their account data.
 *
 * <p>A poll registers before it looks for news, then waits only if there was none: an event
 * stored between the look and the wait still wakes it. Kept behind this class so that several
 * Hearth nodes can later share wake-ups through a broker.
 */
@Component(service = Notifier.class)
public class Notifier {
    private final ConcurrentHashMap<String, Set<Waiter>> byRoom = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Waiter>> byUser = new ConcurrentHashMap<>();

    /** One waiting poll. */
    public final class Waiter {
        private final String user;
        private final Collection<String> rooms;
        private final CompletableFuture<Void> woken = new CompletableFuture<>();

        private Waiter(String user, Collection<String> rooms) {
            this.user = user;
            this.rooms = rooms;
        }

        /** Completes when woken or after the timeout, whichever comes first. */
        public CompletableFuture<Void> await(long timeoutMs) {
            Executor later = CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS);
            later.execute(() -> woken.complete(null));
            return woken.whenComplete((v, e) -> cancel());
        }

        /** Stops waiting: the poll found news without waiting. */
        public void cancel() {
            rooms.forEach(r -> remove(byRoom, r, this));
            remove(byUser, user, this);
        }
    }

    /** Registers interest in the user's rooms and in events naming the user. */
    public Waiter register(String userId, Collection<String> roomIds) {
        Waiter waiter = new Waiter(userId, Set.copyOf(roomIds));
        roomIds.forEach(r -> byRoom.computeIfAbsent(r, k -> ConcurrentHashMap.newKeySet()).add(waiter));
        byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    /** An event was stored in the room; {@code memberTarget} is the state key of a membership event, else null. */
    public void eventStored(String roomId, String memberTarget) {
        roomChanged(roomId);
        if (memberTarget != null) {
            wake(byUser.get(memberTarget));
        }
    }

    /** Something the room's members see changed without an event (typing). */
    public void roomChanged(String roomId) {
        wake(byRoom.get(roomId));
    }

    /** Something only this user sees changed (account data). */
    public void userChanged(String userId) {
        wake(byUser.get(userId));
    }

    private static void wake(Set<Waiter> waiters) {
        if (waiters != null) {
            waiters.forEach(w -> w.woken.complete(null));
        }
    }

    private static void remove(ConcurrentHashMap<String, Set<Waiter>> index, String key, Waiter waiter) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }
}
