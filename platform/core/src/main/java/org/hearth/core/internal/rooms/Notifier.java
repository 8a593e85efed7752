package org.hearth.core.internal.rooms;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.api.WritesUnderWay;
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
    private final AtomicInteger waiting = new AtomicInteger();
    /**
     * How often something named each user who asked {@link #namings} (a local user syncing) or a
     * write {@linkplain #naming names}: a value per user, never dropped, as few as the users the
     * server knows.
     */
    private final ConcurrentHashMap<String, WritesUnderWay> namings = new ConcurrentHashMap<>();

    /** One waiting poll. */
    public final class Waiter {
        private final String user;
        private final Set<String> rooms = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<Void> woken = new CompletableFuture<>();
        /** Whether something naming the user woke it: only that can change the user's memberships. */
        private volatile boolean userNamed;

        private Waiter(String user) {
            this.user = user;
        }

        /**
         * Adds rooms to wait on. A poll that reads its rooms after {@link #register(String)}
         * misses no join: the membership event names its user, and that wakes it already.
         */
        public void watch(Collection<String> roomIds) {
            for (String r : roomIds) {
                rooms.add(r);
                byRoom.computeIfAbsent(r, k -> ConcurrentHashMap.newKeySet()).add(this);
            }
        }

        /** Completes when woken or after the timeout, whichever comes first. */
        public CompletableFuture<Void> await(long timeoutMs) {
            waiting.incrementAndGet();
            // Not delayedExecutor().execute(): its timer kept every woken waiter (and what it
            // holds) until the timeout, 143,000 of them after 143 rounds of 1,000 polls with a
            // minute's timeout. This one's timer task is removed when the waiter is woken.
            woken.completeOnTimeout(null, timeoutMs, TimeUnit.MILLISECONDS);
            return woken.whenComplete((v, e) -> {
                waiting.decrementAndGet();
                cancel();
            });
        }

        /**
         * Whether something naming the user (a membership event, their account data, a change
         * only they see) happened since {@link #register}: else the rooms the poll read after
         * registering are still the user's, and a woken poll need not read them again.
         */
        public boolean userNamed() {
            return userNamed;
        }

        /** Stops waiting: the poll found news without waiting. */
        public void cancel() {
            rooms.forEach(r -> remove(byRoom, r, this));
            remove(byUser, user, this);
        }
    }

    /** Registers interest in events naming the user; {@link Waiter#watch} adds rooms. */
    public Waiter register(String userId) {
        Waiter waiter = new Waiter(userId);
        byUser.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    /**
     * A count that moves whenever something names the user from now on (a membership event with
     * their state key, their account data, a change only they see): what a sync read of their
     * rooms, memberships and account data while it stayed the same still holds. -1 while a write
     * naming the user is under way ({@link #naming}): nothing read then may be held.
     */
    public long namings(String userId) {
        return namings.computeIfAbsent(userId, k -> new WritesUnderWay()).settled();
    }

    /**
     * Before a write of events naming these users commits; closed once it is announced (or failed).
     * Between its commit and its announcement a sync may see the write's stream position already:
     * it must not use memberships held from before.
     */
    public WritesUnderWay.Begun naming(Collection<String> userIds) {
        return WritesUnderWay.begin(userIds.stream().map(u -> namings.computeIfAbsent(u, k -> new WritesUnderWay())).toList());
    }

    private void countNaming(String userId) {
        WritesUnderWay count = namings.get(userId);
        if (count != null) {
            count.counted();
        }
    }

    /** The polls waiting now (for metrics, and for tests to know a poll is parked before they act). */
    public int waiting() {
        return waiting.get();
    }

    /** An event was stored in the room; {@code memberTarget} is the state key of a membership event, else null. */
    public void eventStored(String roomId, String memberTarget) {
        if (memberTarget != null) {
            // marked before the room's polls wake: one of them may be the target's, and it must
            // not keep the memberships it read before this event
            countNaming(memberTarget);
            markNamed(byUser.get(memberTarget));
        }
        roomChanged(roomId);
        if (memberTarget != null) {
            userChanged(memberTarget);
        }
    }

    /** Something the room's members see changed without an event (typing). */
    public void roomChanged(String roomId) {
        wake(byRoom.get(roomId));
    }

    /** Something only this user sees changed (account data). */
    public void userChanged(String userId) {
        Set<Waiter> waiters = byUser.get(userId);
        countNaming(userId);
        markNamed(waiters);
        wake(waiters);
    }

    private static void markNamed(Set<Waiter> waiters) {
        if (waiters != null) {
            waiters.forEach(w -> w.userNamed = true);
        }
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
