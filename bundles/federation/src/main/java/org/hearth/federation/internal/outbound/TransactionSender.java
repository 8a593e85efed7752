package org.hearth.federation.internal.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.FederationHost;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.client.FederationClient;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.store.Outbox;
import org.hearth.federation.internal.store.Outbox.Backoff;
import org.hearth.federation.internal.store.Outbox.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each destination's queue ({@link Outbox}) as transactions (Server-Server API,
 * "Transactions": at most 50 PDUs and 100 EDUs, {@code PUT /send/{txnId}}).
 *
 * <p>Concurrency: a destination has at most one transaction in flight, sent by a task of its own
 * on a thread pool that grows with the destinations that have work, so one slow or dead
 * destination (its requests time out) never delays another. Failures back off exponentially
 * ({@link #FIRST_RETRY_MS} doubling to {@link #MAX_RETRY_MS}), stored, so a restart keeps them;
 * when a destination answers again its whole queue follows in order (catch-up). A transaction
 * the destination refuses outright (a 4xx other than 401/429) is dropped: sending it again would
 * be refused again and block everything behind it.
 *
 * <p>A failed transaction is retried as it was, and its ID is made of the first and last queue
 * IDs it carries, so a retry is the same transaction for the receiver's deduplication (after a
 * restart too, unless more was queued meanwhile: then its PDUs are deduplicated by event ID).
 */
public final class TransactionSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);
    static final int MAX_PDUS = 50;
    static final int MAX_EDUS = 100;
    static final long FIRST_RETRY_MS = 2_000;
    static final long MAX_RETRY_MS = 3_600_000;
    private static final long NO_HOST_RETRY_MS = 5_000;

    /**
     * A destination's task state: running now, whether more work arrived while it ran, and the
     * batch that failed, retried as it is (same items, same transaction ID) until it goes through.
     */
    private static final class State {
        boolean running;
        boolean again;
        List<Item> failed;
    }

    private final ServerName self;
    private final Outbox outbox;
    private final FederationClient client;
    private final Supplier<FederationHost> host;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Map<ServerName, State> states = new ConcurrentHashMap<>();
    /** Destinations backed off from, in memory so that {@link #heardFrom} costs nothing for the others. */
    private final Set<ServerName> backingOff = ConcurrentHashMap.newKeySet();

    public TransactionSender(ServerName self, Outbox outbox, FederationClient client, Supplier<FederationHost> host,
                             Clock clock, ExecutorService workers, ScheduledExecutorService timer) {
        this.self = self;
        this.outbox = outbox;
        this.client = client;
        this.host = host;
        this.clock = clock;
        this.workers = workers;
        this.timer = timer;
    }

    /** Resumes every destination with a queue (after a start), each when its back-off allows. */
    public void resumeAll() {
        for (ServerName destination : outbox.destinations()) {
            if (outbox.backoff(destination).isPresent()) {
                backingOff.add(destination);
            }
            wake(destination);
        }
    }

    /**
     * The destination just sent this server a transaction, so it is up again: its back-off ends
     * and its queue follows now (catch-up without waiting for the next retry, which after a long
     * outage is up to {@link #MAX_RETRY_MS} away).
     */
    public void heardFrom(ServerName destination) {
        if (backingOff.remove(destination)) {
            LOG.info("{} is up (it sent a transaction): its queue follows without waiting for the retry", destination);
            outbox.clearBackoff(destination);
            wake(destination);
        }
    }

    /** There may be work for the destination: sends now, or after its back-off. */
    public void wake(ServerName destination) {
        Backoff backoff = outbox.backoff(destination).orElse(null);
        long wait = backoff == null ? 0 : backoff.retryAt() - clock.millis();
        if (wait > 0) {
            schedule(destination, wait);
            return;
        }
        State state = states.computeIfAbsent(destination, d -> new State());
        synchronized (state) {
            if (state.running) {
                state.again = true;
                return;
            }
            state.running = true;
            state.again = false;
        }
        try {
            workers.execute(() -> drain(destination, state));
        } catch (RejectedExecutionException stopping) {
            synchronized (state) {
                state.running = false;
            }
        }
    }

    private void schedule(ServerName destination, long delayMs) {
        try {
            timer.schedule(() -> wake(destination), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the bundle is stopping; the queue is durable and resumes at the next start
        }
    }

    /**
     * Runs the destination's task, then wakes it again when it failed or more work came meanwhile:
     * {@link #wake} reads the stored back-off, so a {@link #heardFrom} that cleared it while the
     * failing request was in flight sends now instead of after the interval just computed.
     */
    private void drain(ServerName destination, State state) {
        Outcome outcome = Outcome.BACKED_OFF;
        try {
            outcome = sendAll(destination, state);
        } catch (RuntimeException e) {
            LOG.error("Sending to {} failed", destination, e);
            backOff(destination);
        } finally {
            boolean again;
            synchronized (state) {
                state.running = false;
                again = state.again || outcome == Outcome.BACKED_OFF;
            }
            if (outcome == Outcome.WAITING_FOR_CORE) {
                schedule(destination, NO_HOST_RETRY_MS);
            } else if (again) {
                wake(destination);
            }
        }
    }

    /** How {@link #sendAll} ended. */
    private enum Outcome { DRAINED, BACKED_OFF, WAITING_FOR_CORE }

    /** Sends until the queue is empty, a transaction fails (backed off) or PDUs wait for core. */
    private Outcome sendAll(ServerName destination, State state) {
        while (true) {
            List<Item> batch = state.failed != null ? state.failed : outbox.next(destination, MAX_PDUS, MAX_EDUS);
            state.failed = null;
            if (batch.isEmpty()) {
                return Outcome.DRAINED;
            }
            if (!client.federatesWith(destination)) {
                LOG.info("Dropping {} items queued for {}: federation with it is not allowed", batch.size(), destination);
                outbox.remove(batch);
                continue;
            }
            FederationHost core = host.get();
            if (core == null && batch.stream().anyMatch(i -> i.eventId() != null)) {
                // PDUs come from core: they wait for it, EDUs need not
                batch = batch.stream().filter(i -> i.edu() != null).toList();
                if (batch.isEmpty()) {
                    return Outcome.WAITING_FOR_CORE;
                }
            }
            ObjectNode txn = transaction(core, batch);
            String txnId = batch.get(0).id() + "-" + batch.get(batch.size() - 1).id();
            try {
                JsonNode answer = client.request(destination, "PUT", "/_matrix/federation/v1/send/" + txnId, Map.of(), txn);
                logRefusedPdus(destination, answer);
                outbox.remove(batch);
                if (backingOff.remove(destination)) {
                    LOG.info("{} answers again: transaction {} went through, its queue follows", destination, txnId);
                    outbox.clearBackoff(destination);
                }
            } catch (RemoteException e) {
                if (isFinal(e)) {
                    LOG.warn("{} refused transaction {} ({}); dropping it", destination, txnId, e.getMessage());
                    outbox.remove(batch);
                    continue;
                }
                LOG.info("Transaction {} to {} failed, will retry: {}", txnId, destination, e.getMessage());
                state.failed = batch;
                backOff(destination);
                return Outcome.BACKED_OFF;
            }
        }
    }

    private ObjectNode transaction(FederationHost core, List<Item> batch) {
        ObjectNode txn = Json.object().put("origin", self.value()).put("origin_server_ts", clock.millis());
        ArrayNode pdus = txn.putArray("pdus");
        ArrayNode edus = txn.putArray("edus");
        for (Item item : batch) {
            if (item.edu() != null) {
                edus.add(item.edu());
                continue;
            }
            if (core == null) {
                continue;
            }
            try {
                pdus.add(core.pdu(item.eventId()));
            } catch (MatrixException e) {
                LOG.warn("Event {} cannot be sent: {}", item.eventId(), e.getMessage()); // such as purged
            }
        }
        return txn;
    }

    private static boolean isFinal(RemoteException e) {
        return switch (e.kind()) {
            case NOT_ALLOWED -> true;
            case ERROR_RESPONSE -> e.status() >= 400 && e.status() < 500 && e.status() != 401 && e.status() != 429
                    && e.status() != 404 && e.status() != 408;
            default -> false;
        };
    }

    private void backOff(ServerName destination) {
        Backoff previous = outbox.backoff(destination).orElse(null);
        long interval = previous == null ? FIRST_RETRY_MS : Math.min(MAX_RETRY_MS, previous.intervalMs() * 2);
        outbox.backOff(destination, new Backoff(clock.millis() + interval, interval));
        backingOff.add(destination);
    }

    private static void logRefusedPdus(ServerName destination, JsonNode answer) {
        answer.path("pdus").fields().forEachRemaining(e -> {
            if (e.getValue().has("error")) {
                LOG.info("{} did not accept {}: {}", destination, e.getKey(), e.getValue().path("error").asText());
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
