package org.hearth.federation.internal.outbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.federation.FederationHost;
import org.hearth.api.id.EventId;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.client.FederationClient;
import org.hearth.federation.internal.store.Outbox;

/**
 * The durable stream consumer {@value #NAME}: each event this server's users create goes into
 * the queue of every destination core names ({@link FederationHost#destinations}), in one
 * database transaction with the position reached, before core moves its cursor. Events from
 * other servers are not sent on (their origin sends them). A batch delivered again after a crash
 * is skipped up to the stored position.
 */
public final class EventQueuer {
    public static final String NAME = "federation-sender";

    private final ServerName self;
    private final Outbox outbox;
    private final FederationClient client;
    private final Supplier<FederationHost> host;
    private final TransactionSender sender;
    private final Clock clock;

    public EventQueuer(ServerName self, Outbox outbox, FederationClient client, Supplier<FederationHost> host,
                       TransactionSender sender, Clock clock) {
        this.self = self;
        this.outbox = outbox;
        this.client = client;
        this.host = host;
        this.sender = sender;
        this.clock = clock;
    }

    /** Queues the batch; throws (so core retries it later) while core has no FederationHost. */
    public void accept(List<RoomEvent> batch) throws MatrixException {
        FederationHost core = host.get();
        if (core == null) {
            throw new IllegalStateException("core's FederationHost is not available yet");
        }
        long done = outbox.position(NAME);
        Map<ServerName, List<EventId>> byDestination = new LinkedHashMap<>();
        long last = done;
        for (RoomEvent event : batch) {
            if (event.streamPosition() <= done) {
                continue;
            }
            last = event.streamPosition();
            if (!event.sender().server().equals(self)) {
                continue;
            }
            Set<ServerName> destinations = core.destinations(event.roomId(), event.eventId());
            for (ServerName destination : destinations) {
                if (!destination.equals(self) && client.federatesWith(destination)) {
                    byDestination.computeIfAbsent(destination, d -> new ArrayList<>()).add(event.eventId());
                }
            }
        }
        if (last == done) {
            return;
        }
        outbox.queueEvents(byDestination, NAME, last, clock.millis());
        byDestination.keySet().forEach(sender::wake);
    }
}
