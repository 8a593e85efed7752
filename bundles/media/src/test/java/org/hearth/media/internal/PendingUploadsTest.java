package org.hearth.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hearth.testkit.Await;
import org.junit.jupiter.api.Test;

class PendingUploadsTest {
    private final PendingUploads pending = new PendingUploads();

    @Test
    void everyWaiterHearsOfTheUpload() throws Exception {
        CompletableFuture<Void> first = pending.await("abc", 10_000);
        CompletableFuture<Void> second = pending.await("abc", 10_000);

        pending.uploaded("abc");
        first.get(1, TimeUnit.SECONDS);
        second.get(1, TimeUnit.SECONDS);
        assertEquals(0, pending.size());
    }

    @Test
    void aWaiterGivesUpAloneAndTheLastTakesTheEntryAway() throws Exception {
        CompletableFuture<Void> patient = pending.await("abc", 10_000);
        CompletableFuture<Void> hasty = pending.await("abc", 10);

        ExecutionException e = assertThrows(ExecutionException.class, () -> hasty.get(2, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof TimeoutException);
        assertEquals(1, pending.size());
        pending.uploaded("abc");
        patient.get(1, TimeUnit.SECONDS);

        CompletableFuture<Void> alone = pending.await("def", 10);
        assertThrows(ExecutionException.class, () -> alone.get(2, TimeUnit.SECONDS));
        // the clean-up runs right after the timeout
        Await.until("the entry of the last waiter to go", Duration.ofSeconds(5), () -> pending.size() == 0);
    }
}
