package org.hearth.federation.internal.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.FederationHost;
import org.hearth.api.federation.PduOutcome;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.store.TxnStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /_matrix/federation/v1/send/{txnId}} (Server-Server API, "Transactions"):
 * <ul>
 *   <li>at most 50 PDUs and 100 EDUs, else 400 {@code M_BAD_JSON} before core sees any;</li>
 *   <li>the PDUs go to core together ({@link FederationHost#receivePdus}, which may write several
 *       of a room in one database transaction), each PDU's outcome its entry in the answer
 *       ({@code {}} or {@code {"error": …}}); one bad PDU never fails the others;</li>
 *   <li>each EDU goes to core too; an EDU core cannot take is logged and dropped;</li>
 *   <li>idempotent per origin and transaction ID: a retried transaction gets the stored answer;
 *       one origin's transactions are handled one at a time (a lock per origin), different
 *       origins in parallel;</li>
 *   <li>a transaction from a server is news that it is up: {@code heardFrom} learns of it (the
 *       sender stops backing off from it, as Synapse does, so a server that returns gets what
 *       was queued for it at once).</li>
 * </ul>
 */
public final class TransactionEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionEndpoint.class);
    static final int MAX_PDUS = 50;
    static final int MAX_EDUS = 100;
    private static final int MAX_TXN_ID = 255;

    private final HostAccess host;
    private final TxnStore txns;
    private final Clock clock;
    private final Consumer<ServerName> heardFrom;
    private final ConcurrentHashMap<ServerName, ReentrantLock> locks = new ConcurrentHashMap<>();

    public TransactionEndpoint(HostAccess host, TxnStore txns, Clock clock, Consumer<ServerName> heardFrom) {
        this.host = host;
        this.heardFrom = heardFrom;
        this.txns = txns;
        this.clock = clock;
    }

    public Mount mount() {
        return Mount.signed("PUT", "/_matrix/federation/v1/send/{txnId}", this::send);
    }

    private JsonNode send(Inbound request) throws MatrixException {
        ServerName origin = request.origin();
        String txnId = request.param("txnId");
        if (txnId.length() > MAX_TXN_ID) {
            throw MatrixException.invalidParam("The transaction ID is longer than " + MAX_TXN_ID);
        }
        JsonNode body = Json.parseLenient(request.body()); // a bad PDU is core's to refuse, alone
        if (!body.isObject()) {
            throw MatrixException.badJson("The request body must be a JSON object");
        }
        JsonNode pdus = body.path("pdus");
        JsonNode edus = body.path("edus");
        if (!pdus.isArray()) {
            throw MatrixException.badJson("pdus must be a list");
        }
        if (!edus.isMissingNode() && !edus.isArray()) {
            throw MatrixException.badJson("edus must be a list");
        }
        if (pdus.size() > MAX_PDUS || edus.size() > MAX_EDUS) {
            throw MatrixException.badJson("A transaction holds at most " + MAX_PDUS + " PDUs and " + MAX_EDUS + " EDUs");
        }
        if (body.has("origin") && !origin.value().equals(body.path("origin").textValue())) {
            throw MatrixException.forbidden("The transaction's origin is not the server that signed the request");
        }
        heardFrom.accept(origin);
        ReentrantLock lock = locks.computeIfAbsent(origin, o -> new ReentrantLock());
        lock.lock();
        try {
            Optional<JsonNode> answered = txns.answered(origin, txnId);
            if (answered.isPresent()) {
                return answered.get();
            }
            FederationHost core = host.require();
            ObjectNode results = Json.object();
            for (PduOutcome outcome : receivePdus(core, origin, pdus)) {
                if (outcome.eventId() != null) {
                    ObjectNode entry = results.putObject(outcome.eventId());
                    // a soft-failed PDU was accepted as far as the sender is concerned
                    // A rejected event was received and recorded as rejected: {} as Synapse answers (SyTest
                    // expects it); only an event not taken at all carries an error.
                    if (outcome.result() == PduOutcome.Result.DROPPED) {
                        entry.put("error", outcome.error() != null ? outcome.error() : outcome.result().name().toLowerCase());
                    }
                }
            }
            for (JsonNode edu : edus) {
                receiveEdu(core, origin, edu);
            }
            ObjectNode answer = Json.object();
            answer.set("pdus", results);
            txns.record(origin, txnId, answer, clock.millis());
            return answer;
        } finally {
            lock.unlock();
        }
    }

    /** Each PDU's outcome: not an object, dropped here; the objects through core together, else one by one. */
    private static List<PduOutcome> receivePdus(FederationHost core, ServerName origin, JsonNode pdus) {
        List<JsonNode> objects = new ArrayList<>();
        List<PduOutcome> outcomes = new ArrayList<>();
        for (JsonNode pdu : pdus) {
            if (pdu.isObject()) {
                objects.add(pdu);
            } else {
                outcomes.add(new PduOutcome(null, PduOutcome.Result.DROPPED, "not an object"));
            }
        }
        try {
            outcomes.addAll(core.receivePdus(origin, objects));
        } catch (RuntimeException e) {
            LOG.error("The PDUs of a transaction from {} could not be handled together", origin, e);
            objects.forEach(pdu -> outcomes.add(receivePdu(core, origin, pdu)));
        }
        return outcomes;
    }

    private static PduOutcome receivePdu(FederationHost core, ServerName origin, JsonNode pdu) {
        try {
            return core.receivePdu(origin, pdu);
        } catch (RuntimeException e) {
            LOG.error("A PDU from {} could not be handled", origin, e);
            String eventId = pdu.path("event_id").textValue();
            return new PduOutcome(eventId, PduOutcome.Result.DROPPED, "internal error");
        }
    }

    private static void receiveEdu(FederationHost core, ServerName origin, JsonNode edu) {
        String type = edu.path("edu_type").textValue();
        JsonNode content = edu.path("content");
        if (type == null || !content.isObject()) {
            LOG.debug("Dropping a malformed EDU from {}", origin);
            return;
        }
        try {
            core.receiveEdu(origin, type, content);
        } catch (RuntimeException e) {
            LOG.warn("An EDU {} from {} could not be handled: {}", type, origin, e.toString());
        }
    }
}
