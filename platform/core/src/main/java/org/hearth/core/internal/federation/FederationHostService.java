package org.hearth.core.internal.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.FederationHost;
import org.hearth.api.federation.PduOutcome;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.account.OpenIdTokens;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.profile.Profiles;
import org.hearth.core.internal.receipts.Receipts;
import org.hearth.core.internal.e2ee.DeviceListUpdates;
import org.hearth.core.internal.e2ee.KeyClaims;
import org.hearth.core.internal.e2ee.KeyQueries;
import org.hearth.core.internal.e2ee.RemoteDeviceLists;
import org.hearth.core.internal.e2ee.ToDeviceMessages;
import org.hearth.core.internal.rooms.FederatedMemberships;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.rooms.RemoteEvents;
import org.hearth.core.internal.rooms.RoomDirectory;
import org.hearth.core.internal.rooms.RoomWriter;
import org.hearth.core.internal.rooms.SpaceHierarchy;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.ServerReads;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.hearth.core.internal.rooms.Typing;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.server.ServerSigningKey;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's answers to other servers, for the federation bundle's inbound endpoints: received PDUs
 * go through {@link RemoteEvents}, membership handshakes through {@link FederatedMemberships},
 * reads through {@link ServerReads}; the bundle's own services come through {@link FederationLink}.
 */
@Component(service = FederationHost.class)
public class FederationHostService implements FederationHost {
    private static final Logger LOG = LoggerFactory.getLogger(FederationHostService.class);
    /** How long a remote user types when the EDU names no timeout (Synapse's 30 s). */
    private static final long TYPING_MS = 30_000;
    /** Rooms, users per room, or presence updates in one EDU: an EDU is at most 64 KiB anyway. */
    private static final int MAX_EDU_ENTRIES = 1_000;
    private final LocalServer server;
    private final FederationLink link;
    private final RemoteEvents remoteEvents;
    private final ServerReads reads;
    private final FederatedMemberships memberships;
    private final RoomStore rooms;
    private final AccountStore accounts;
    private final Profiles profiles;
    private final OpenIdTokens openIdTokens;
    private final KeyClaims keyClaims;
    private final EventStore events;
    private final Typing typingUsers;
    private final ToDeviceMessages toDevice;
    private final RoomDirectory directory;
    private final SpaceHierarchy hierarchy;
    private final KeyQueries keyQueries;
    private final DeviceListUpdates deviceListUpdates;
    private final RemoteDeviceLists remoteDeviceLists;
    private final Receipts receiptService;
    private final Presence presenceService;
    private final ThirdPartyInvites thirdParty;

    @Activate
    public FederationHostService(@Reference LocalServer server, @Reference ServerSigningKey signingKey,
                                 @Reference RoomWriter writer, @Reference EventStore events,
                                 @Reference RoomStore rooms, @Reference AccountStore accounts,
                                 @Reference KeyClaims keyClaims, @Reference FederationLink link,
                                 @Reference Typing typing, @Reference ToDeviceMessages toDevice,
                                 @Reference Profiles profiles, @Reference OpenIdTokens openIdTokens,
                                 @Reference RoomDirectory directory, @Reference SpaceHierarchy hierarchy,
                                 @Reference KeyQueries keyQueries, @Reference DeviceListUpdates deviceListUpdates,
                                 @Reference RemoteDeviceLists remoteDeviceLists, @Reference Receipts receipts,
                                 @Reference Presence presence, @Reference ErasedSenders erased,
                                 @Reference ThirdPartyInvites thirdParty) {
        this.thirdParty = thirdParty;
        this.directory = directory;
        this.hierarchy = hierarchy;
        this.receiptService = receipts;
        this.presenceService = presence;
        this.keyQueries = keyQueries;
        this.deviceListUpdates = deviceListUpdates;
        this.remoteDeviceLists = remoteDeviceLists;
        this.profiles = profiles;
        this.openIdTokens = openIdTokens;
        this.events = events;
        this.typingUsers = typing;
        this.toDevice = toDevice;
        this.server = server;
        this.link = link;
        this.remoteEvents = new RemoteEvents(writer);
        this.reads = new ServerReads(events, server.name(), erased);
        this.memberships = new FederatedMemberships(writer, remoteEvents, server.name(), signingKey.key());
        this.rooms = rooms;
        this.accounts = accounts;
        this.keyClaims = keyClaims;
    }

    @Override
    public PduOutcome receivePdu(ServerName origin, JsonNode pdu) {
        return remoteEvents.receive(origin, pdu, link.keys(), link.remote());
    }

    @Override
    public List<PduOutcome> receivePdus(ServerName origin, List<JsonNode> pdus) {
        return remoteEvents.receiveAll(origin, pdus, link.keys(), link.remote());
    }

    @Override
    public void receiveEdu(ServerName origin, String eduType, JsonNode content) {
        try {
            switch (eduType) {
                case "m.typing" -> typing(origin, content);
                case "m.direct_to_device" -> toDevice(origin, content);
                case "m.device_list_update" -> remoteDeviceLists.update(link.remote(), origin, content);
                case "m.signing_key_update" -> remoteDeviceLists.signingKeys(link.remote(), origin, content);
                case "m.receipt" -> receipts(origin, content);
                case "m.presence" -> presence(origin, content);
                default -> LOG.debug("EDU {} from {} ignored", eduType, origin);
            }
        } catch (MatrixException e) {
            LOG.info("EDU {} from {} dropped: {}", eduType, origin, e.getMessage());
        }
    }

    /** Server-Server API, "Typing Notifications": a user of the origin joined to the room. */
    private void typing(ServerName origin, JsonNode content) throws MatrixException {
        String roomId = content.path("room_id").asText("");
        Optional<UserId> user = UserId.parse(content.path("user_id").asText(""));
        if (user.isEmpty() || !user.get().server().equals(origin) || !content.path("typing").isBoolean()) {
            throw MatrixException.badJson("not a typing notification of a user of " + origin);
        }
        reads.checkAcl(origin, roomId);
        if (!"join".equals(events.memberships(roomId).get(user.get().toString()))) {
            throw MatrixException.forbidden(user.get() + " is not in " + roomId);
        }
        long timeout = content.path("timeout").canConvertToLong() ? content.path("timeout").asLong() : TYPING_MS;
        typingUsers.set(roomId, user.get().toString(), content.path("typing").asBoolean(), timeout);
    }

    /**
     * Server-Server API, "Receipts": {@code {room: {"m.read": {user: {"event_ids": […], "data":
     * {…}}}}}}, each from a user of the origin joined to the room; one bad receipt drops only
     * itself. Other receipt types are not federated.
     */
    private void receipts(ServerName origin, JsonNode content) throws MatrixException {
        if (!content.isObject() || content.size() > MAX_EDU_ENTRIES) {
            throw MatrixException.badJson("not a receipt EDU");
        }
        for (var room : content.properties()) {
            JsonNode byUser = room.getValue().path(Receipts.READ);
            if (!byUser.isObject() || byUser.size() > MAX_EDU_ENTRIES) {
                continue;
            }
            reads.checkAcl(origin, room.getKey());
            for (var entry : byUser.properties()) {
                Optional<UserId> user = UserId.parse(entry.getKey()).filter(u -> u.server().equals(origin));
                JsonNode eventIds = entry.getValue().path("event_ids");
                if (user.isEmpty() || !eventIds.isArray() || eventIds.isEmpty() || !eventIds.get(0).isTextual()) {
                    LOG.info("Receipt of {} from {} dropped: not a read receipt of a user of the origin", entry.getKey(), origin);
                    continue;
                }
                JsonNode data = entry.getValue().path("data");
                String threadId = data.path("thread_id").isTextual() ? data.path("thread_id").asText() : null;
                long ts = data.path("ts").canConvertToLong() ? data.path("ts").asLong() : System.currentTimeMillis();
                try {
                    receiptService.receiveRemote(user.get(), room.getKey(), eventIds.get(0).asText(), threadId, ts);
                } catch (MatrixException e) {
                    LOG.info("Receipt of {} in {} from {} dropped: {}", user.get(), room.getKey(), origin, e.getMessage());
                }
            }
        }
    }

    /** Server-Server API, "Presence": {@code {"push": [{user_id, presence, …}]}} about users of the origin. */
    private void presence(ServerName origin, JsonNode content) throws MatrixException {
        JsonNode push = content.path("push");
        if (!push.isArray() || push.size() > MAX_EDU_ENTRIES) {
            throw MatrixException.badJson("not a presence EDU");
        }
        for (JsonNode update : push) {
            Optional<UserId> user = UserId.parse(update.path("user_id").asText("")).filter(u -> u.server().equals(origin));
            if (user.isEmpty() || !update.path("presence").isTextual()) {
                LOG.info("Presence update from {} dropped: not about a user of the origin", origin);
                continue;
            }
            try {
                presenceService.receiveRemote(user.get(), update.path("presence").asText(),
                        update.path("status_msg").isTextual() ? update.path("status_msg").asText() : null,
                        update.path("last_active_ago").asLong(0));
            } catch (MatrixException e) {
                LOG.info("Presence of {} from {} dropped: {}", user.get(), origin, e.getMessage());
            }
        }
    }

    /** Server-Server API, "Send-to-device messaging": from a user of the origin, once per message_id. */
    private void toDevice(ServerName origin, JsonNode content) throws MatrixException {
        Optional<UserId> sender = UserId.parse(content.path("sender").asText(""));
        if (sender.isEmpty() || !sender.get().server().equals(origin) || !content.path("type").isTextual()
                || !content.path("message_id").isTextual()) {
            throw MatrixException.badJson("not a to-device message of a user of " + origin);
        }
        toDevice.send(sender.get(), null, content.path("type").asText(), content.path("message_id").asText(), content);
    }

    @Override
    public JsonNode makeJoin(ServerName origin, RoomId room, UserId user, Set<String> supportedVersions)
            throws MatrixException {
        reads.checkAcl(origin, room.value());
        return memberships.make(origin, room.value(), user, "join", supportedVersions);
    }

    @Override
    public JsonNode sendJoin(ServerName origin, RoomId room, EventId eventId, JsonNode event, boolean omitMembers)
            throws MatrixException {
        reads.checkAcl(origin, room.value());
        StoredEvent join = memberships.send(origin, room.value(), eventId.value(), event, "join", link.keys(),
                link.remote());
        return memberships.joinAnswer(join, omitMembers);
    }

    @Override
    public JsonNode makeLeave(ServerName origin, RoomId room, UserId user) throws MatrixException {
        reads.checkAcl(origin, room.value());
        return memberships.make(origin, room.value(), user, "leave", null);
    }

    @Override
    public JsonNode sendLeave(ServerName origin, RoomId room, EventId eventId, JsonNode event) throws MatrixException {
        reads.checkAcl(origin, room.value());
        memberships.send(origin, room.value(), eventId.value(), event, "leave", link.keys(), link.remote());
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public JsonNode makeKnock(ServerName origin, RoomId room, UserId user, Set<String> supportedVersions)
            throws MatrixException {
        reads.checkAcl(origin, room.value());
        return memberships.make(origin, room.value(), user, "knock", supportedVersions);
    }

    @Override
    public JsonNode sendKnock(ServerName origin, RoomId room, EventId eventId, JsonNode event) throws MatrixException {
        reads.checkAcl(origin, room.value());
        memberships.send(origin, room.value(), eventId.value(), event, "knock", link.keys(), link.remote());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("knock_room_state", reads.strippedState(room.value(), null));
        return answer;
    }

    @Override
    public JsonNode invite(ServerName origin, RoomId room, EventId eventId, String roomVersion, JsonNode event,
                           JsonNode inviteRoomState) throws MatrixException {
        reads.checkAcl(origin, room.value());
        return memberships.invite(origin, room.value(), eventId.value(), roomVersion, event, inviteRoomState,
                link.keys(), link.remote());
    }

    @Override
    public void exchangeThirdPartyInvite(ServerName origin, RoomId room, JsonNode event) throws MatrixException {
        reads.checkAcl(origin, room.value());
        thirdParty.exchanged(origin, room.value(), event);
    }

    @Override
    public void thirdPartyBound(JsonNode body) throws MatrixException {
        thirdParty.bound(body);
    }

    @Override
    public JsonNode event(ServerName origin, EventId event) throws MatrixException {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("origin", server.name().value());
        answer.put("origin_server_ts", System.currentTimeMillis());
        answer.putArray("pdus").add(reads.event(origin, event.value()));
        return answer;
    }

    @Override
    public JsonNode state(ServerName origin, RoomId room, EventId at) throws MatrixException {
        return reads.state(origin, room.value(), at.value(), false);
    }

    @Override
    public JsonNode stateIds(ServerName origin, RoomId room, EventId at) throws MatrixException {
        return reads.state(origin, room.value(), at.value(), true);
    }

    @Override
    public JsonNode backfill(ServerName origin, RoomId room, List<EventId> from, int limit) throws MatrixException {
        return reads.backfill(origin, room.value(), from.stream().map(EventId::value).toList(), limit);
    }

    @Override
    public JsonNode missingEvents(ServerName origin, RoomId room, List<EventId> earliest, List<EventId> latest,
                                  int limit, long minDepth) throws MatrixException {
        return reads.missingEvents(origin, room.value(), earliest.stream().map(EventId::value).toList(),
                latest.stream().map(EventId::value).toList(), limit, minDepth);
    }

    @Override
    public JsonNode eventAuth(ServerName origin, RoomId room, EventId event) throws MatrixException {
        return reads.eventAuth(origin, room.value(), event.value());
    }

    @Override
    public JsonNode profile(UserId user, String field) throws MatrixException {
        if (!server.isLocal(user)) {
            throw MatrixException.invalidParam("User " + user + " is not of this server");
        }
        ObjectNode profile = profiles.profile(user);
        if (field != null) {
            profile.retain(field);
        }
        return profile;
    }

    @Override
    public JsonNode directory(RoomAlias alias) throws MatrixException {
        if (!alias.server().equals(server.name())) {
            throw MatrixException.invalidParam("Alias " + alias + " is not of this server");
        }
        String roomId = rooms.roomOfAlias(alias.toString())
                .orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("room_id", roomId);
        answer.putArray("servers").add(server.name().value());
        return answer;
    }

    @Override
    public JsonNode userDevices(UserId user) throws MatrixException {
        return deviceListUpdates.userDevices(user);
    }

    @Override
    public JsonNode queryKeys(ServerName origin, JsonNode request) throws MatrixException {
        return keyQueries.federationQuery(request);
    }

    @Override
    public JsonNode claimKeys(ServerName origin, JsonNode request) throws MatrixException {
        return keyClaims.federationClaim(request);
    }

    @Override
    public JsonNode publicRooms(ServerName origin, JsonNode request) throws MatrixException {
        // open to every server this one federates with: allowed_servers/denied_servers decide who that is
        return directory.publicRooms(request);
    }

    @Override
    public JsonNode hierarchy(ServerName origin, RoomId room, boolean suggestedOnly) throws MatrixException {
        reads.checkAcl(origin, room.value());
        return hierarchy.forServer(origin, room, suggestedOnly);
    }

    @Override
    public JsonNode openIdUserInfo(String accessToken) throws MatrixException {
        return openIdTokens.userInfo(accessToken);
    }

    @Override
    public JsonNode pdu(EventId event) throws MatrixException {
        return reads.pdu(event.value());
    }

    @Override
    public Set<ServerName> destinations(RoomId room, EventId event) throws MatrixException {
        return reads.destinations(room.value(), event.value());
    }

    private static MatrixException notYet(String endpoint) {
        return MatrixException.unrecognized(404, "Federation endpoint " + endpoint + " is not supported yet");
    }
}
