package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.ThirdPartySigned;
import org.hearth.core.internal.identity.IdentityServers;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.PathSegments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Third-party invites (Client-Server API, "Third-party invites"; Server-Server API, "Third-party
 * invites"): inviting someone by e-mail address or phone number through an identity server, and
 * turning the identity server's signed word, once the identifier is bound to a Matrix ID, into
 * the invite of that user.
 */
@Component(service = ThirdPartyInvites.class)
public class ThirdPartyInvites {
    private static final Logger LOG = LoggerFactory.getLogger(ThirdPartyInvites.class);
    private static final String EXCHANGE = "/_matrix/federation/v1/exchange_third_party_invite/";

    private final Memberships memberships;
    private final RoomWriter writer;
    private final IdentityServers identity;
    private final FederationLink link;
    private final LocalServer server;

    @Activate
    public ThirdPartyInvites(@Reference Memberships memberships, @Reference RoomWriter writer,
                             @Reference IdentityServers identity, @Reference FederationLink link,
                             @Reference LocalServer server) {
        this.memberships = memberships;
        this.writer = writer;
        this.identity = identity;
        this.link = link;
        this.server = server;
    }

    /** Whom a client invites: a third-party identifier and the identity server that knows it. */
    public record Invitee(String idServer, String idAccessToken, String medium, String address) {
        /** From {@code {id_server, id_access_token, medium, address}}: 400 {@code M_MISSING_PARAM} for one missing. */
        public static Invitee of(JsonNode body) throws MatrixException {
            return new Invitee(text(body, "id_server"), text(body, "id_access_token"), text(body, "medium"),
                    text(body, "address"));
        }

        private static String text(JsonNode body, String field) throws MatrixException {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                throw MatrixException.missingParam("Missing " + field);
            }
            if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 512) {
                throw MatrixException.invalidParam(field + " must be a non-empty string");
            }
            return value.asText();
        }
    }

    /**
     * {@code sender} invites a third-party identifier: the user bound to it gets an ordinary
     * invite; for an identifier bound to nobody the identity server stores the invite and the room
     * gets an {@code m.room.third_party_invite} whose state key is the identity server's token.
     * Both need the invite power level, checked before the identity server is asked.
     */
    public void invite(UserId sender, String roomId, Invitee invitee) throws MatrixException {
        writer.write(roomId, batch -> {
            PowerLevels levels = batch.powerLevels(roomId);
            if (!"join".equals(batch.membership(roomId, sender)) || levels.of(sender.toString()) < levels.invite()) {
                throw MatrixException.forbidden("You may not invite users to this room");
            }
            return null;
        });
        Optional<UserId> bound = identity.lookup(invitee.idServer(), invitee.idAccessToken(), invitee.medium(),
                invitee.address());
        if (bound.isPresent()) {
            memberships.act(sender, roomId, bound.get(), Memberships.Action.INVITE, null, false);
            return;
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("medium", invitee.medium())
                .put("address", invitee.address()).put("room_id", roomId).put("sender", sender.toString());
        IdentityServers.StoredInvite stored = identity.storeInvite(invitee.idServer(), invitee.idAccessToken(), request);
        // m.room.third_party_invite: public_key and key_validity_url repeat the first key for older servers
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("display_name", stored.displayName())
                .put("key_validity_url", stored.publicKeys().get(0).keyValidityUrl())
                .put("public_key", stored.publicKeys().get(0).publicKey());
        stored.publicKeys().forEach(k -> content.withArrayProperty("public_keys").addObject()
                .put("public_key", k.publicKey()).put("key_validity_url", k.keyValidityUrl()));
        writer.send(NewRoomEvent.state(roomId, sender, EventTypes.THIRD_PARTY_INVITE, stored.token(), content));
    }

    /**
     * The identity server told this server that a third-party identifier is now bound to one of
     * its users ({@code /3pid/onbind}): each pending invite becomes that user's invite. All are
     * tried; the refusal of the last one that failed is the answer.
     */
    public void bound(JsonNode body) throws MatrixException {
        UserId user = localUser(body.path("mxid"), "mxid");
        JsonNode invites = body.path("invites");
        if (!invites.isMissingNode() && !invites.isArray() || invites.size() > 100) {
            throw MatrixException.badJson("invites must be a list of at most 100 invites");
        }
        MatrixException last = null;
        for (JsonNode invite : invites) {
            try {
                if (!user.toString().equals(invite.path("mxid").asText())) {
                    throw MatrixException.badJson("an invite is for another user than mxid");
                }
                exchange(userId(invite.path("sender"), "sender"), user, roomId(invite.path("room_id")),
                        invite.path("signed"));
            } catch (MatrixException e) {
                LOG.info("Third-party invite of {} to {} refused: {}", user, invite.path("room_id"), e.getMessage());
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
    }

    /**
     * The invite of {@code target} that {@code signed} vouches for, in the name of {@code sender}
     * (who sent the room's {@code m.room.third_party_invite}): made here when this server is
     * the sender's and in the room, else asked of the sender's server and the room's
     * ({@code exchange_third_party_invite}).
     */
    public void exchange(UserId sender, UserId target, String roomId, JsonNode signed) throws MatrixException {
        if (!target.toString().equals(signed.path("mxid").asText())) {
            throw MatrixException.forbidden("The signed third-party invite is for another user");
        }
        if (server.isLocal(sender) && memberships.inRoom(roomId)) {
            acceptLocal(sender, target, roomId, signed);
            return;
        }
        RemoteServers remote = link.requireRemote();
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "m.room.member")
                .put("room_id", roomId).put("sender", sender.toString()).put("state_key", target.toString());
        event.putObject("content").put("membership", "invite").putObject("third_party_invite")
                .set("signed", signed);
        Set<ServerName> servers = new LinkedHashSet<>();
        servers.add(sender.server());
        int colon = roomId.indexOf(':');
        if (colon > 0 && ServerName.isValid(roomId.substring(colon + 1))) {
            servers.add(new ServerName(roomId.substring(colon + 1)));
        }
        servers.remove(server.name());
        MatrixException last = MatrixException.forbidden("No server can vouch for the third-party invite");
        for (ServerName destination : servers) {
            try {
                remote.request(destination, "PUT", EXCHANGE + PathSegments.encode(roomId), Map.of(), event);
                return;
            } catch (RemoteException e) {
                LOG.info("exchange_third_party_invite for {} in {} through {} failed: {}", target, roomId,
                        destination, e.getMessage());
                last = e.toClientError();
            }
        }
        throw last;
    }

    /**
     * {@code PUT /_matrix/federation/v1/exchange_third_party_invite/{roomId}}: another server asks
     * this one, the inviter's, to make the invite it holds the identity server's word for.
     */
    public void exchanged(ServerName origin, String roomId, JsonNode event) throws MatrixException {
        JsonNode content = event.path("content");
        if (!"m.room.member".equals(event.path("type").asText()) || !roomId.equals(event.path("room_id").asText())
                || !"invite".equals(content.path("membership").asText())) {
            throw MatrixException.badJson("The event must be an invite to " + roomId);
        }
        UserId sender = localUser(event.path("sender"), "sender");
        UserId target = userId(event.path("state_key"), "state_key");
        if (!memberships.inRoom(roomId)) {
            throw MatrixException.forbidden("This server is not in " + roomId);
        }
        JsonNode signed = content.path("third_party_invite").path("signed");
        if (!target.toString().equals(signed.path("mxid").asText())) {
            throw MatrixException.forbidden("The signed third-party invite is for another user");
        }
        LOG.info("{} exchanges the third-party invite of {} to {}", origin, target, roomId);
        acceptLocal(sender, target, roomId, signed);
    }

    /**
     * Sends the invite after checking what the authorization rules cannot: that the identity
     * server still vouches for the key that signed ({@code key_validity_url}, Identity Service
     * API "Key management"), as the room's {@code m.room.third_party_invite} asks of it.
     */
    private void acceptLocal(UserId sender, UserId target, String roomId, JsonNode signed) throws MatrixException {
        if (!signed.isObject() || !signed.path("token").isTextual()) {
            throw MatrixException.badJson("signed must be an object with a token");
        }
        String token = signed.path("token").asText();
        Pdu invite = writer.write(roomId, batch -> batch.state(roomId, EventTypes.THIRD_PARTY_INVITE, token))
                .orElseThrow(() -> MatrixException.forbidden("No third-party invite in the room for this token"));
        JsonNode content = invite.content();
        List<String> keys = new ArrayList<>();
        List<String> validityUrls = new ArrayList<>();
        if (content.path("public_key").isTextual()) {
            keys.add(content.get("public_key").asText());
            validityUrls.add(content.path("key_validity_url").textValue());
        }
        for (JsonNode key : content.path("public_keys")) {
            if (key.path("public_key").isTextual()) {
                keys.add(key.get("public_key").asText());
                validityUrls.add(key.path("key_validity_url").textValue());
            }
        }
        String key = ThirdPartySigned.keyThatSigned(signed, keys)
                .orElseThrow(() -> MatrixException.forbidden("The third-party invite is not signed by its identity server"));
        String validityUrl = validityUrls.get(keys.indexOf(key));
        if (validityUrl != null && !identity.keyValid(validityUrl, key)) {
            throw MatrixException.forbidden("The identity server no longer vouches for the key of the third-party invite");
        }
        ObjectNode thirdPartyInvite = JsonNodeFactory.instance.objectNode()
                .put("display_name", content.path("display_name").asText(""));
        thirdPartyInvite.set("signed", signed);
        memberships.inviteByThirdParty(sender, roomId, target, thirdPartyInvite);
    }

    private UserId localUser(JsonNode value, String field) throws MatrixException {
        UserId user = userId(value, field);
        if (!server.isLocal(user)) {
            throw MatrixException.forbidden(field + " " + user + " is not a user of this server");
        }
        return user;
    }

    private static UserId userId(JsonNode value, String field) throws MatrixException {
        return UserId.parse(value.asText()).orElseThrow(() -> MatrixException.badJson(field + " must be a user ID"));
    }

    private static String roomId(JsonNode value) throws MatrixException {
        String roomId = value.asText();
        RoomAccess.checkRoomId(roomId);
        return roomId;
    }
}
