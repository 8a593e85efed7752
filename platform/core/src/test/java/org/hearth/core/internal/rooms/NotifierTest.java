package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hearth.api.WritesUnderWay;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private final Notifier notifier = new Notifier();

    @Test
    void anEventInOneOfTheRoomsWakes() throws Exception {
        CompletableFuture<Void> waiting = waiting(List.of("!a:x", "!b:x")).await(60_000);
        notifier.eventStored("!other:x", null);
        assertFalse(waiting.isDone(), "another room does not wake");
        notifier.eventStored("!b:x", null);
        waiting.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aMembershipEventNamingTheUserWakes() throws Exception {
        CompletableFuture<Void> waiting = notifier.register("@bob:x").await(60_000);
        notifier.eventStored("!new:x", "@bob:x");
        waiting.get(5, TimeUnit.SECONDS);
    }

    @Test
    void onlyWhatNamesTheUserMarksTheirMembershipsAsChanged() {
        Notifier.Waiter waiter = waiting(List.of("!a:x"));
        notifier.eventStored("!a:x", "@carol:x");
        assertFalse(waiter.userNamed(), "another user's membership leaves bob's rooms as read");
        notifier.eventStored("!a:x", "@bob:x");
        assertTrue(waiter.userNamed());
    }

    @Test
    void theNamingsOfAUserMoveOnlyWithWhatNamesThem() {
        long before = notifier.namings("@bob:x");
        notifier.eventStored("!a:x", "@carol:x");
        notifier.eventStored("!a:x", null);
        notifier.roomChanged("!a:x");
        notifier.userChanged("@carol:x");
        assertEquals(before, notifier.namings("@bob:x"), "nothing named bob");
        notifier.eventStored("!a:x", "@bob:x");
        long afterMembership = notifier.namings("@bob:x");
        assertNotEquals(before, afterMembership);
        notifier.userChanged("@bob:x");
        assertNotEquals(afterMembership, notifier.namings("@bob:x"), "account data names bob too");
    }

    @Test
    void nothingReadWhileAWriteNamingTheUserIsUnderWayMayBeHeld() {
        long before = notifier.namings("@bob:x");
        WritesUnderWay.Begun write = notifier.naming(List.of("@bob:x", "@carol:x"));
        assertEquals(-1, notifier.namings("@bob:x"), "committed or not, the write may already be seen");
        assertNotEquals(-1, notifier.namings("@dave:x"), "others are not named");
        notifier.eventStored("!a:x", "@bob:x");
        assertEquals(-1, notifier.namings("@bob:x"), "announced, not ended");
        write.close();
        long after = notifier.namings("@bob:x");
        assertTrue(after >= 0 && after != before, "what was held before the write is not held after it");
    }

    @Test
    void aPollWokenByItsUsersMembershipSeesItNamedOnWaking() throws Exception {
        Notifier.Waiter waiter = waiting(List.of("!a:x"));
        // what the woken poll sees at the moment it wakes (a dependent stage runs in the waking thread)
        long namings = notifier.namings("@bob:x");
        CompletableFuture<Boolean> namedOnWaking = waiter.await(60_000).thenApply(v -> waiter.userNamed()
                && notifier.namings("@bob:x") != namings);
        notifier.eventStored("!a:x", "@bob:x"); // bob leaves a room his poll watches
        assertTrue(namedOnWaking.get(5, TimeUnit.SECONDS), "the poll must read bob's memberships again");
    }

    @Test
    void anEventBetweenRegisteringAndWaitingIsNotMissed() throws Exception {
        Notifier.Waiter waiter = waiting(List.of("!a:x"));
        notifier.eventStored("!a:x", null); // stored while the poll was still looking for news
        waiter.await(60_000).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aJoinBetweenRegisteringAndReadingTheRoomsIsNotMissed() throws Exception {
        Notifier.Waiter waiter = notifier.register("@bob:x");
        notifier.eventStored("!new:x", "@bob:x"); // joined before the poll read its rooms
        waiter.watch(List.of("!a:x"));
        waiter.await(60_000).get(5, TimeUnit.SECONDS);
    }

    @Test
    void cancellingStopsWakingThePoll() {
        Notifier.Waiter waiter = waiting(List.of("!a:x"));
        waiter.cancel();
        CompletableFuture<Void> waiting = waiter.await(60_000);
        notifier.eventStored("!a:x", null);
        assertFalse(waiting.isDone(), "a cancelled poll is no longer registered");
        waiting.cancel(false);
    }

    @Test
    void theTimeoutEndsTheWait() throws Exception {
        CompletableFuture<Void> waiting = waiting(List.of("!a:x")).await(50);
        waiting.get(5, TimeUnit.SECONDS);
        assertTrue(waiting.isDone());
    }

    @Test
    void aWokenWaiterIsNotKeptUntilItsTimeout() throws Exception {
        Notifier.Waiter waiter = waiting(List.of("!a:x"));
        ReferenceQueue<Notifier.Waiter> collected = new ReferenceQueue<>();
        WeakReference<Notifier.Waiter> kept = new WeakReference<>(waiter, collected);
        CompletableFuture<Void> waiting = waiter.await(60_000);
        waiter = null;
        notifier.eventStored("!a:x", null);
        waiting.get(5, TimeUnit.SECONDS);
        waiting = null;
        Reference<?> gone = null;
        for (int i = 0; i < 50 && gone == null; i++) {
            System.gc();
            gone = collected.remove(100); // returns as soon as the collector let the waiter go
        }
        assertSame(kept, gone, "the timer of a woken wait still held its waiter");
    }

    private Notifier.Waiter waiting(List<String> rooms) {
        Notifier.Waiter waiter = notifier.register("@bob:x");
        waiter.watch(rooms);
        return waiter;
    }
}
