package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.federation.PduOutcome;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.core.internal.util.RandomStrings;
import org.hearth.core.internal.event.EventIdFormat;
import org.hearth.core.internal.event.JsonSigner;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomEvents;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.event.SigningKey;
import org.hearth.core.internal.rooms.auth.AuthVerdict;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * The membership handshakes another server starts with this one (Server-Server API, "Joining
 * Rooms", "Leaving Rooms", "Inviting to a room"): {@code make_join}/{@code make_leave} hand out an
 * event template on top of the room, {@code send_join}/{@code send_leave} take the signed event
 * through the checks of {@link RemoteEvents}, {@code invite} signs an invite of a local user.
 */
public final class FederatedMemberships {
    private final RoomWriter writer;
    private final RemoteEvents remoteEvents;
    private final ServerName self;
    private final SigningKey key;

    public FederatedMemberships(RoomWriter writer, RemoteEvents remoteEvents, ServerName self, SigningKey key) {
        this.writer = writer;
        this.remoteEvents = remoteEvents;
        this.self = self;
        this.key = key;
    }

    /**
     * {@code make_join} / {@code make_leave} / {@code make_knock}: the template of the user's
     * membership event, allowed by the rules against the current state.
     *
     * @param versions the room versions the user's server supports; null to skip the check (leave)
     */
    public ObjectNode make(ServerName origin, String roomId, UserId user, String membership, Set<String> versions)
            throws MatrixException {
        if (!user.server().equals(origin)) {
            throw MatrixException.forbidden("User " + user + " is not of server " + origin);
        }
        RoomVersion version = writer.versionOf(roomId);
        if (versions != null && !versions.contains(version.id())) {
            throw incompatible(version.id());
        }
        return writer.write(roomId, batch -> {
            RoomHead head = writer.head(roomId);
            if (head.extremities.isEmpty() || !localMemberJoined(roomId)) {
                // its users all left: its state may be stale, it cannot vouch for the room
                throw MatrixException.notFound("This server is not in room " + roomId);
            }
            if (writer.events().partialState(roomId).isPresent()) {
                // joined with partial state: it cannot hand out the room's state yet (as Synapse)
                throw MatrixException.notFound("This server does not hold the full state of room " + roomId + " yet");
            }
            ObjectNode content = JsonNodeFactory.instance.objectNode().put("membership", membership);
            Map<StateTuple, Pdu> authState = new HashMap<>();
            List<String> authIds = new ArrayList<>();
            for (StateTuple k : head.selection.keys("m.room.member", user.toString(), user.toString(), content)) {
                batch.state(roomId, k.type(), k.stateKey()).ifPresent(e -> {
                    authState.put(k, e);
                    authIds.add(e.eventId());
                });
            }
            batch.state(roomId, "m.room.create", "").ifPresent(e -> authState.putIfAbsent(StateTuple.CREATE, e));
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("type", "m.room.member");
            event.put("room_id", roomId);
            event.put("sender", user.toString());
            event.put("state_key", user.toString());
            event.set("content", content);
            event.put("origin", origin.value());
            event.put("origin_server_ts", writer.now());
            event.put("depth", head.depth + 1);
            event.set("prev_events", EventBuilder.ids(version, RoomDag.prevEvents(head.extremities)));
            event.set("auth_events", EventBuilder.ids(version, authIds));
            if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
                event.put("event_id", "$" + RandomStrings.urlSafe(18) + ":" + self.value());
            }
            // the joining server signs it: the rules' signature questions are not asked of a template
            if (head.rules.check(Pdu.of(event, "$template"), authState) instanceof AuthVerdict.Deny deny
                    && !deny.reason().contains("signed")) {
                throw MatrixException.forbidden("You cannot " + membership + " this room: " + deny.reason());
            }
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("event", event);
            answer.put("room_version", version.id());
            return answer;
        });
    }

    private boolean localMemberJoined(String roomId) {
        return writer.events().memberServers(roomId, ServerReads.JOIN).contains(self.value());
    }

    /**
     * {@code send_join} / {@code send_leave} / {@code send_knock}: the signed membership event,
     * checked and stored as any received PDU.
     *
     * @return the stored event
     */
    public StoredEvent send(ServerName origin, String roomId, String eventId, JsonNode event, String membership,
                            ReceivedPdu.KeyLookup keys, RemoteServers remote) throws MatrixException {
        if (!event.isObject() || !roomId.equals(event.path("room_id").asText())
                || !"m.room.member".equals(event.path("type").asText())
                || !event.path("state_key").asText("").equals(event.path("sender").asText())
                || !membership.equals(event.path("content").path("membership").asText())) {
            throw MatrixException.badJson("Not the " + membership + " event of its sender in room " + roomId);
        }
        Optional<UserId> sender = UserId.parse(event.path("sender").asText());
        if (sender.isEmpty() || !sender.get().server().equals(origin)) {
            throw MatrixException.forbidden("The event's sender is not of server " + origin);
        }
        writer.versionOf(roomId);
        // the policies are asked about another server's user entering through this one (EventPolicy)
        writer.policies().check(new ProposedEvent(RoomEvents.of(roomId, Pdu.of((ObjectNode) event, eventId), 0), false,
                origin, false));
        PduOutcome outcome = remoteEvents.receive(origin, event, keys, remote);
        if (!eventId.equals(outcome.eventId())) {
            throw MatrixException.badJson("The event's ID is " + outcome.eventId() + ", not " + eventId);
        }
        if (outcome.result() != PduOutcome.Result.ACCEPTED) {
            throw MatrixException.forbidden("The " + membership + " event was not accepted: " + outcome.result()
                    + (outcome.error() == null ? "" : " (" + outcome.error() + ")"));
        }
        return writer.events().event(eventId).orElseThrow();
    }

    /**
     * The {@code send_join} v2 answer: the state before the join and its auth chain; with
     * {@code omitMembers}, the state without member events (a partial-state join) and the
     * servers in the room.
     */
    public ObjectNode joinAnswer(StoredEvent join, boolean omitMembers) {
        EventStore events = writer.events();
        Map<StateKey, String> before = StateBefore.of(events, join);
        Set<String> servers = new LinkedHashSet<>();
        Map<StateKey, String> sent = new HashMap<>();
        for (Map.Entry<StateKey, String> e : before.entrySet()) {
            boolean member = "m.room.member".equals(e.getKey().type());
            if (member) {
                UserId.parse(e.getKey().stateKey()).ifPresent(u -> servers.add(u.server().value()));
            }
            if (!omitMembers || !member) {
                sent.put(e.getKey(), e.getValue());
            }
        }
        List<String> chainOf = omitMembers ? List.of(join.eventId()) : List.copyOf(sent.values());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("origin", self.value());
        answer.set("event", StoredEvents.json(join));
        answer.set("state", pdus(sent.values()));
        List<String> chain = new ArrayList<>(events.authChain(chainOf, ServerReads.MAX_AUTH_CHAIN));
        if (omitMembers) {
            chain.addAll(StoredEvents.pdu(join).authEvents());
        }
        answer.set("auth_chain", pdus(new LinkedHashSet<>(chain)));
        answer.put("members_omitted", omitMembers);
        if (omitMembers) {
            servers.add(self.value());
            ArrayNode list = answer.putArray("servers_in_room");
            servers.forEach(list::add);
        }
        return answer;
    }

    private static MatrixException incompatible(String roomVersion) {
        return new MatrixException(400, "M_INCOMPATIBLE_ROOM_VERSION", "Room version " + roomVersion
                + " is not supported by both servers", Map.of("room_version", roomVersion));
    }

    private ArrayNode pdus(Collection<String> ids) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        writer.events().events(ids).forEach(e -> list.add(StoredEvents.json(e)));
        return list;
    }

    /**
     * {@code invite} v2: an invite of a local user by a user of {@code origin}, signed by its
     * server; the event policies are asked, this server signs it and keeps it (for a room unknown
     * here, the room is recorded with the invite as its only state).
     */
    public ObjectNode invite(ServerName origin, String roomId, String eventId, String roomVersion, JsonNode json,
                             JsonNode inviteRoomState, ReceivedPdu.KeyLookup keys, RemoteServers remote)
            throws MatrixException {
        RoomVersion version = RoomVersions.byId(roomVersion).orElseThrow(() -> incompatible(roomVersion));
        ReceivedPdu.Checked checked;
        try {
            checked = ReceivedPdu.check(version, json, keys);
        } catch (ReceivedPdu.Dropped e) {
            throw MatrixException.forbidden("Invalid invite: " + e.getMessage());
        }
        Pdu pdu = checked.pdu();
        Optional<UserId> invitee = pdu.stateKey().flatMap(UserId::parse);
        Optional<UserId> sender = UserId.parse(pdu.sender());
        if (!pdu.eventId().equals(eventId) || !roomId.equals(pdu.roomId()) || !"m.room.member".equals(pdu.type())
                || !"invite".equals(pdu.content().path("membership").asText()) || invitee.isEmpty()
                || sender.isEmpty()) {
            throw MatrixException.badJson("Not an invite event " + eventId + " of room " + roomId);
        }
        if (!invitee.get().server().equals(self)) {
            throw MatrixException.forbidden("The invitee is not a user of this server");
        }
        if (!sender.get().server().equals(origin)) {
            throw MatrixException.forbidden("The inviter is not a user of server " + origin);
        }
        writer.policies().check(new ProposedEvent(RoomEvents.of(roomId, pdu, 0), false, origin, false));
        ObjectNode signed = pdu.json();
        ObjectNode signature = JsonSigner.sign(version.redactor().redact(signed), self.value(), key,
                version.canonicalJson());
        signed.set("signatures", signature.get("signatures"));
        Pdu ours = Pdu.of(signed, eventId);
        if (writer.events().event(eventId).isEmpty()) {
            keep(origin, roomId, version, signed, ours, inviteRoomState, sender.get(), keys, remote);
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("event", signed);
        return answer;
    }

    /**
     * Keeps an invite: in a room this server is in, as any received event (the inviting server
     * sends it again in a transaction, which changes nothing); in a room unknown here, as the only
     * state of the room, so that the invitee sees it in /sync, with the inviting server's stripped
     * state of the room in its {@code unsigned} section (what the invitee sees of the room: its name,
     * join rules... - Server-Server API, "Inviting to a room").
     */
    private void keep(ServerName origin, String roomId, RoomVersion version, ObjectNode signed, Pdu invite,
                      JsonNode inviteRoomState, UserId inviter, ReceivedPdu.KeyLookup keys, RemoteServers remote)
            throws MatrixException {
        if (writer.rooms().room(roomId).isEmpty()) {
            writer.rooms().create(new Room(roomId, version.id(), inviter.toString(), writer.now(), false));
        }
        if (writer.events().currentStateEvent(roomId, "m.room.create", "").isPresent()) {
            PduOutcome outcome = remoteEvents.receive(origin, signed, keys, remote);
            if (outcome.result() != PduOutcome.Result.ACCEPTED) {
                throw MatrixException.forbidden("The invite was not accepted: " + outcome.error());
            }
            return;
        }
        ObjectNode kept = invite.json();
        kept.withObjectProperty("unsigned").set(InviteRoomState.FIELD, InviteRoomState.sanitize(inviteRoomState));
        remoteEvents.keepAsOnlyState(version, roomId, Pdu.of(kept, invite.eventId()));
    }
}
