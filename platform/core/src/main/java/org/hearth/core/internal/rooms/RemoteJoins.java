package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.util.RandomStrings;
import org.hearth.core.internal.event.EventIdFormat;
import org.hearth.core.internal.event.EventIds;
import org.hearth.core.internal.event.EventSigner;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomEvents;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.event.SigningKey;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.PathSegments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local user's membership in a room this server is not in (Server-Server API, "Joining Rooms",
 * "Leaving Rooms"): {@code make_join} on a server of the room, the template signed here,
 * {@code send_join}; the room's state and auth chain from the answer are checked and stored as
 * outliers, the join on top of that state. A leave of a room known here only through an invite
 * goes through {@code make_leave}/{@code send_leave} the same way.
 */
final class RemoteJoins {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJoins.class);
    private static final String V1 = "/_matrix/federation/v1";
    /** Servers tried in turn for one join. */
    private static final int MAX_SERVERS = 5;

    private final RoomWriter writer;
    private final RemoteEvents remoteEvents;
    private final FederationLink link;
    private final ServerName self;
    private final SigningKey key;
    private final PartialStateJoins partialState;

    RemoteJoins(RoomWriter writer, FederationLink link, SigningKey key, PartialStateJoins partialState) {
        this.writer = writer;
        this.partialState = partialState;
        this.remoteEvents = new RemoteEvents(writer);
        this.link = link;
        this.self = writer.server().name();
        this.key = key;
    }

    /** {@code /query/directory}: the room an alias of another server names, and servers in it. */
    Resolved directory(String alias, ServerName server) throws MatrixException {
        RemoteServers remote = link.requireRemote();
        try {
            JsonNode answer = remote.request(server, "GET", V1 + "/query/directory",
                    Map.of("room_alias", List.of(alias)), null);
            String roomId = answer.path("room_id").asText("");
            RoomAccess.checkRoomId(roomId);
            List<ServerName> servers = new ArrayList<>();
            for (JsonNode s : answer.path("servers")) {
                if (s.isTextual() && ServerName.isValid(s.asText()) && servers.size() < MAX_SERVERS) {
                    servers.add(new ServerName(s.asText()));
                }
            }
            if (!servers.contains(server)) {
                servers.add(server);
            }
            return new Resolved(roomId, servers);
        } catch (RemoteException e) {
            throw e.toClientError();
        }
    }

    /** A room and the servers to ask about it. */
    record Resolved(String roomId, List<ServerName> servers) {}

    /**
     * Joins (or leaves, or knocks) through the first of the servers that answers.
     *
     * @param content the membership content (display name, reason)
     * @return the event ID
     */
    String membership(UserId user, String roomId, List<ServerName> via, String membership, ObjectNode content)
            throws MatrixException {
        RemoteServers remote = link.requireRemote();
        Set<ServerName> servers = new LinkedHashSet<>(via);
        servers.remove(self);
        if (servers.isEmpty()) {
            throw MatrixException.notFound("No server to join room " + roomId + " through");
        }
        MatrixException last = null;
        int tried = 0;
        for (ServerName server : servers) {
            if (tried++ == MAX_SERVERS) {
                break;
            }
            try {
                return through(remote, server, user, roomId, membership, content);
            } catch (EventPolicies.Refused e) {
                throw e;
            } catch (RemoteException e) {
                LOG.info("{} of {} to {} through {} failed: {}", membership, user, roomId, server, e.getMessage());
                last = e.toClientError();
            } catch (MatrixException e) {
                LOG.info("{} of {} to {} through {} failed: {}", membership, user, roomId, server, e.getMessage());
                last = e;
            }
        }
        if ("leave".equals(membership)) {
            return rejectedHere(user, roomId, content, last);
        }
        throw last;
    }

    /**
     * The rejection of an invite whose room no server of it takes (refused, failing, unreachable):
     * a leave made and signed here on top of the invite, kept as the room's only state for the
     * user and never sent, so the user is rid of the invite (Synapse's "out-of-band" rejection).
     */
    private String rejectedHere(UserId user, String roomId, ObjectNode content, MatrixException failure)
            throws MatrixException {
        Optional<StoredEvent> invite = writer.events().currentStateEvent(roomId, "m.room.member", user.toString())
                .flatMap(id -> writer.events().event(id));
        Optional<Room> room = writer.rooms().room(roomId);
        if (invite.isEmpty() || room.isEmpty() || !"invite".equals(Json.stored(invite.get().json()).path("content")
                .path("membership").asText())) {
            throw failure;
        }
        RoomVersion version = RoomVersions.byId(room.get().version()).orElseThrow(() -> failure);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", "m.room.member");
        event.put("state_key", user.toString());
        event.put("sender", user.toString());
        event.put("room_id", roomId);
        event.set("content", content.deepCopy().put("membership", "leave"));
        event.put("origin", self.value());
        event.put("origin_server_ts", writer.now());
        event.put("depth", invite.get().depth() + 1);
        event.set("prev_events", EventBuilder.ids(version, List.of(invite.get().eventId())));
        event.set("auth_events", EventBuilder.ids(version, List.of(invite.get().eventId())));
        if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
            event.put("event_id", "$" + RandomStrings.urlSafe(18) + ":" + self.value());
        }
        ObjectNode signed = EventSigner.hashAndSign(version, event, self.value(), key);
        String eventId = EventIds.compute(version, signed);
        LOG.info("Invite of {} to {} rejected here only: {}", user, roomId, failure.getMessage());
        keepAlone(roomId, version, Pdu.of(signed, eventId), user);
        return eventId;
    }

    private String through(RemoteServers remote, ServerName server, UserId user, String roomId, String membership,
                           ObjectNode content) throws RemoteException, MatrixException {
        String make = "join".equals(membership) ? "make_join" : "leave".equals(membership) ? "make_leave" : "make_knock";
        String send = "join".equals(membership) ? "send_join" : "leave".equals(membership) ? "send_leave" : "send_knock";
        Map<String, List<String>> query = "leave".equals(membership) ? Map.of()
                : Map.of("ver", RoomVersions.ALL.stream().map(RoomVersion::id).toList());
        JsonNode made = remote.request(server, "GET", V1 + "/" + make + "/" + PathSegments.encode(roomId) + "/"
                + PathSegments.encode(user.toString()), query, null);
        RoomVersion version = RoomVersions.byId(made.path("room_version").asText("1"))
                .orElseThrow(() -> new MatrixException(400, "M_UNSUPPORTED_ROOM_VERSION", "Unsupported room version"));
        if (!(made.path("event") instanceof ObjectNode template)
                || !roomId.equals(template.path("room_id").asText())
                || !user.toString().equals(template.path("sender").asText())
                || !user.toString().equals(template.path("state_key").asText())
                || !"m.room.member".equals(template.path("type").asText())) {
            throw new MatrixException(502, "M_UNKNOWN", server + " answered " + make + " with a wrong template");
        }
        ObjectNode event = template.deepCopy();
        event.remove(List.of("signatures", "hashes", "unsigned"));
        ObjectNode merged = event.withObjectProperty("content");
        merged.setAll(content);
        merged.put("membership", membership);
        event.put("origin", self.value());
        event.put("origin_server_ts", writer.now());
        if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
            // versions 1 and 2: the event ID names this server, which signs the event
            event.put("event_id", "$" + RandomStrings.urlSafe(18) + ":" + self.value());
        }
        ObjectNode signed = EventSigner.hashAndSign(version, event, self.value(), key);
        String eventId = EventIds.compute(version, signed);
        // a local user's event like any other: the policies are asked before another server has it
        writer.policies().check(new ProposedEvent(RoomEvents.of(roomId, Pdu.of(signed, eventId), 0), false, self,
                true));
        String rest = send + "/" + PathSegments.encode(roomId) + "/" + PathSegments.encode(eventId);
        // a join asks for the state without its member events when partial-state joins are on
        Map<String, List<String>> v2Query = "send_join".equals(send) && partialState.enabled()
                ? Map.of("omit_members", List.of("true")) : Map.of();
        JsonNode answer = "send_knock".equals(send) ? remote.request(server, "PUT", V1 + "/" + rest, Map.of(), signed)
                : V1Fallback.put(remote, server, rest, v2Query, signed, signed);
        if (!"join".equals(membership)) {
            // a leave or knock of a room this server is not in: kept as the room's only state for the user
            keepAlone(roomId, version, Pdu.of(signed, eventId), user);
            return eventId;
        }
        JsonNode joined = answer.path("event").isObject() ? answer.get("event") : signed;
        return stored(server, roomId, version, joined, eventId, answer);
    }

    /** The state and auth chain of a send_join answer, then the join on top of that state. */
    private String stored(ServerName server, String roomId, RoomVersion version, JsonNode join, String eventId,
                          JsonNode answer) throws MatrixException {
        String creator = null;
        for (JsonNode e : answer.path("state")) {
            if ("m.room.create".equals(e.path("type").asText()) && "".equals(e.path("state_key").asText(null))
                    && version.id().equals(e.path("content").path("room_version").asText("1"))) {
                creator = e.path("sender").asText();
            }
        }
        if (creator == null) {
            throw new MatrixException(502, "M_UNKNOWN", server + " answered send_join without the room's create event");
        }
        if (writer.rooms().room(roomId).isEmpty()) {
            writer.rooms().create(new Room(roomId, version.id(), creator, writer.now(), false));
        }
        ReceivedPdu.KeyLookup keys = link.keys();
        List<JsonNode> everything = new ArrayList<>();
        answer.path("auth_chain").forEach(everything::add);
        answer.path("state").forEach(everything::add);
        remoteEvents.storeOutliers(version, roomId, everything, keys);
        Map<StateKey, String> state = new HashMap<>();
        for (JsonNode e : answer.path("state")) {
            try {
                Pdu pdu = ReceivedPdu.check(version, e, keys).pdu();
                if (pdu.stateKey().isPresent() && remoteEvents.usable(pdu.eventId())) {
                    state.put(new StateKey(pdu.type(), pdu.stateKey().get()), pdu.eventId());
                }
            } catch (ReceivedPdu.Dropped dropped) {
                LOG.info("State event from {} dropped: {}", server, dropped.getMessage());
            }
        }
        // members_omitted (Server-Server API, send_join v2): the state lacks its member events, the
        // rest is fetched in the background; an answer without it (a v1 answer, a server that
        // ignores omit_members) is a full join
        if (!answer.path("members_omitted").booleanValue()) {
            return remoteEvents.placeOnState(version, roomId, join, eventId, state, keys, false);
        }
        partialState.joining(roomId, eventId, server, answer.path("servers_in_room"));
        String placed;
        try {
            placed = remoteEvents.placeOnState(version, roomId, join, eventId, state, keys, true);
        } catch (MatrixException | RuntimeException e) {
            partialState.failed(roomId);
            throw e;
        }
        partialState.joined(roomId);
        return placed;
    }

    /** A leave or knock of a room known only by an invite: stored as that room's state. */
    private void keepAlone(String roomId, RoomVersion version, Pdu event, UserId user) throws MatrixException {
        if (writer.rooms().room(roomId).isEmpty()) {
            writer.rooms().create(new Room(roomId, version.id(), user.toString(), writer.now(), false));
        }
        remoteEvents.keepAsOnlyState(version, roomId, event);
    }

    /**
     * {@code invite} (v2, else v1): the invite of a user of another server goes to that server first, which
     * signs it (Server-Server API, "Inviting to a room").
     *
     * @return the invite with both signatures
     */
    Pdu invite(UserId invitee, String roomId, RoomVersion version, Pdu invite, JsonNode strippedState)
            throws MatrixException {
        RemoteServers remote = link.requireRemote();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("event", invite.json());
        body.put("room_version", version.id());
        body.set("invite_room_state", strippedState);
        JsonNode answer;
        try {
            // v1 takes the bare event, the stripped state in its unsigned section
            ObjectNode v1Body = invite.json().deepCopy();
            v1Body.withObjectProperty("unsigned").set("invite_room_state", strippedState);
            answer = V1Fallback.put(remote, invitee.server(), "invite/" + PathSegments.encode(roomId) + "/"
                    + PathSegments.encode(invite.eventId()), body, v1Body);
        } catch (RemoteException e) {
            if (e.kind() == RemoteException.Kind.BAD_RESPONSE && e.errcode().filter("M_BAD_JSON"::equals).isPresent()) {
                // the invitee's server signed an event no room version allows (a float in it): refused as invalid
                throw MatrixException.badJson("The invite signed by " + invitee.server() + " is invalid: "
                        + e.getMessage());
            }
            throw e.toClientError();
        }
        JsonNode signed = answer.path("event");
        try {
            Pdu checked = ReceivedPdu.check(version, signed, link.keys()).pdu();
            Optional<org.hearth.core.internal.event.VerifyKey> theirs = Optional.empty();
            ObjectNode json = checked.json();
            for (String keyId : org.hearth.core.internal.event.JsonSigner.signingKeyIds(version.redactor().redact(json),
                    invitee.server().value())) {
                theirs = link.keys().key(invitee.server(), keyId, 0)
                        .filter(k -> EventSigner.verify(version, json, invitee.server().value(), k));
                if (theirs.isPresent()) {
                    break;
                }
            }
            if (!checked.eventId().equals(invite.eventId()) || theirs.isEmpty()) {
                throw new MatrixException(502, "M_UNKNOWN", invitee.server() + " did not sign the invite");
            }
            return checked;
        } catch (ReceivedPdu.Dropped e) {
            throw new MatrixException(502, "M_UNKNOWN", invitee.server() + " answered an invalid invite: "
                    + e.getMessage());
        }
    }
}
