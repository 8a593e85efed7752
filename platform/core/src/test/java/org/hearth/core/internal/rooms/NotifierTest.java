package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotifierTest {
    private final Notifier notifier = new Notifier();

    @Test
    void anEventInOneOfTheRoomsWakes() throws Exception {
        CompletableFuture<Void> waiting = notifier.register("@bob:x", List.of("!a:x", "!b:x")).await(60_000);
        notifier.eventStored("!other:x", null);
        assertFalse(waiting.isDone(), "another room does not wake");
        notifier.eventStored("!b:x", null);
        waiting.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aMembershipEventNamingTheUserWakes() throws Exception {
        CompletableFuture<Void> waiting = notifier.register("@bob:x", List.of()).await(60_000);
        notifier.eventStored("!new:x", "@bob:x");
        waiting.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anEventBetweenRegisteringAndWaitingIsNotMissed() throws Exception {
        Notifier.Waiter waiter = notifier.register("@bob:x", List.of("!a:x"));
        notifier.eventStored("!a:x", null); // stored while the poll was still looking for news
        waiter.await(60_000).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theTimeoutEndsTheWait() throws Exception {
        CompletableFuture<Void> waiting = notifier.register("@bob:x", List.of("!a:x")).await(50);
        waiting.get(5, TimeUnit.SECONDS);
        assertTrue(waiting.isDone());
    }
}
