package org.hearth.core.internal.rooms;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.EventStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * Which rooms have partial state now ({@link PartialStateJoins} still fetching their members) and
 * the stream position at which each got its full state: held in memory, read from storage at
 * start, so that a sync asks without a statement.
 *
 * <p>Clients that do not lazy-load members expect a room's whole member list, so /sync leaves a
 * partial room out for them and sends it whole once complete; {@code /members} waits for it (as
 * Synapse does, MSC3706). A room stops counting as partial for sync just before its completion
 * commits: a sync that then reads an upper bound below the completion's position sends the room
 * as it is, and the next sync, from that bound, sends it whole; the other order could leave it out
 * for good. While a write that records a completion is under way ({@link #recordingCompletion}:
 * the completion itself, and a restatement after the room's events were checked again), the syncs
 * of the room's members go no further than the stream position before it ({@link #syncableUpTo}):
 * a sync whose bound passed the committed completion before its position was recorded here would
 * send the room as if nothing had changed, and the next from past the completion would not send
 * it whole either: the client never got the room's state (its m.room.encryption, say).
 */
@Component(service = PartialStates.class)
public class PartialStates {
    /** How long {@link #onceComplete} waits at most before answering with the state known then. */
    public static final long MAX_WAIT_MS = 30_000;

    private final Notifier notifier;
    private final EventStore events;
    private final Set<String> partial = ConcurrentHashMap.newKeySet();
    /** Partial until their completion commits, no longer for sync (see above). */
    private final Set<String> completing = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> completedAt = new ConcurrentHashMap<>();
    /** Rooms with a write recording a completion under way, with the stream position before it. */
    private final Map<String, Long> writing = new ConcurrentHashMap<>();
    /** Reads the answers of waits, off the thread that completed the room or stored a waking event. */
    private final ExecutorService reads =
            Executors.newFixedThreadPool(2, DaemonThreads.named("hearth-partial-state-reads"));

    /**
     * Work that may fail with a Matrix error: a read to answer with once the room's state is
     * complete ({@link #onceComplete}), or a write that records a completion ({@link #recordingCompletion}).
     */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws MatrixException;
    }

    @Activate
    public PartialStates(@Reference EventStore events, @Reference Notifier notifier) {
        this.events = events;
        this.notifier = notifier;
        events.partialStateRooms().forEach(room -> partial.add(room.roomId()));
        completedAt.putAll(events.partialStateCompletions());
    }

    @Deactivate
    void stop() {
        reads.shutdownNow();
    }

    void marked(String roomId) {
        partial.add(roomId);
    }

    void forgotten(String roomId) {
        partial.remove(roomId);
        completing.remove(roomId);
    }

    /** The completion is about to be written. */
    void completing(String roomId) {
        completing.add(roomId);
        partial.remove(roomId);
    }

    /** The completion did not commit: the room is partial still. */
    void notCompleted(String roomId) {
        partial.add(roomId);
        completing.remove(roomId);
    }

    /**
     * Runs a write that records a completion of the room ({@link EventStore#completeState},
     * {@link EventStore#restateCurrent}): meanwhile the syncs of its members stop before it; then
     * the position it recorded is read, and the room's polls wake to send the room whole.
     */
    <T> T recordingCompletion(String roomId, Work<T> write) throws MatrixException {
        writing.put(roomId, events.currentStreamPosition());
        try {
            return write.run();
        } finally {
            Long position = events.partialStateCompletions().get(roomId);
            if (position != null) {
                completedAt.put(roomId, position);
            }
            writing.remove(roomId);
            notifier.roomChanged(roomId);
        }
    }

    /** The room is complete, its events checked again: the room's waits wake. */
    void completed(String roomId) {
        completing.remove(roomId);
        notifier.roomChanged(roomId);
    }

    /**
     * How far a sync of a user in these rooms may read the event stream: {@code head}, or the
     * position before a completion being written in one of them (see above).
     */
    public long syncableUpTo(Collection<String> roomIds, long head) {
        if (writing.isEmpty()) {
            return head;
        }
        long upTo = head;
        for (String roomId : roomIds) {
            Long before = writing.get(roomId);
            if (before != null) {
                upTo = Math.min(upTo, before);
            }
        }
        return upTo;
    }

    /** Of the rooms, those a sync treats as partial. */
    public Set<String> partialAmong(Collection<String> roomIds) {
        if (partial.isEmpty()) {
            return Set.of();
        }
        return roomIds.stream().filter(partial::contains).collect(Collectors.toSet());
    }

    /** Of the rooms, those whose state was completed at a stream position in (after, upTo]. */
    public Set<String> completedIn(Collection<String> roomIds, long after, long upTo) {
        if (completedAt.isEmpty()) {
            return Set.of();
        }
        return roomIds.stream().filter(r -> {
            Long at = completedAt.get(r);
            return at != null && at > after && at <= upTo;
        }).collect(Collectors.toSet());
    }

    /** Whether the room's state is complete (committed), or the room was never partial. */
    public boolean isComplete(String roomId) {
        return !partial.contains(roomId) && !completing.contains(roomId);
    }

    /**
     * {@code read}'s answer: at once when the room's state is complete; else once it is, or after
     * {@link #MAX_WAIT_MS} with what is known then. No thread is held meanwhile: the wait is a
     * {@link Notifier} poll on the room (as {@code /sync}'s long poll), which its completion wakes.
     * {@code read} runs once first in any case, so that a user who may not read the room is refused
     * without waiting.
     */
    public RouteResponse onceComplete(String roomId, String userId, Work<RouteResponse> read) throws MatrixException {
        RouteResponse now = read.run();
        return isComplete(roomId) ? now : RouteResponse.later(whenComplete(roomId, userId, read));
    }

    private <T> CompletableFuture<T> whenComplete(String roomId, String userId, Work<T> read) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS);
        return complete(roomId, userId, deadline).thenApplyAsync(v -> {
            try {
                return read.run();
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        }, reads);
    }

    private CompletableFuture<Void> complete(String roomId, String userId, long deadline) {
        // registered before the look: a completion in between wakes it
        Notifier.Waiter waiter = notifier.register(userId);
        waiter.watch(List.of(roomId));
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (isComplete(roomId) || leftMs <= 0) {
            waiter.cancel();
            return CompletableFuture.completedFuture(null);
        }
        return waiter.await(leftMs).thenCompose(v -> complete(roomId, userId, deadline));
    }
}
