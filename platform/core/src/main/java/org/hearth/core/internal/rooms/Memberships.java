package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.ProfileStore;
import org.hearth.core.internal.util.Json;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.server.ServerSigningKey;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Membership changes (Client-Server API, "Room membership"): join, invite, leave, kick, ban,
 * unban, knock. Each is an {@code m.room.member} event; whether it is allowed is for the room
 * version's authorization rules to say. Rooms on other servers need federation, which this
 * server does not have yet: they are unknown rooms here (404).
 */
@Component(service = Memberships.class)
public class Memberships {
    private static final Set<String> KICKABLE = Set.of("join", "invite", "knock");
    private final RoomWriter writer;
    private final RoomStore rooms;
    private final AccountStore accounts;
    private final ProfileStore profiles;
    private final UserDataStore userData;
    private final LocalServer server;
    private final UpgradeCarryOver carryOver;

    private final FederationLink link;
    private final RemoteJoins remoteJoins;
    private final ServerReads reads;

    @Activate
    public Memberships(@Reference RoomWriter writer, @Reference RoomStore rooms, @Reference AccountStore accounts,
                       @Reference ProfileStore profiles, @Reference UserDataStore userData, @Reference LocalServer server,
                       @Reference UpgradeCarryOver carryOver, @Reference FederationLink link,
                       @Reference ServerSigningKey signingKey, @Reference EventStore events,
                       @Reference ErasedSenders erased, @Reference PartialStateJoins partialState) {
        this.writer = writer;
        this.rooms = rooms;
        this.accounts = accounts;
        this.profiles = profiles;
        this.userData = userData;
        this.server = server;
        this.carryOver = carryOver;
        this.link = link;
        this.remoteJoins = new RemoteJoins(writer, link, signingKey.key(), partialState);
        this.reads = new ServerReads(events, server.name(), erased);
    }

    /**
     * The room a room ID or alias names: 404 {@code M_NOT_FOUND} when unknown here; an alias of
     * another server is asked of that server ({@code /query/directory}).
     */
    public String resolve(String roomIdOrAlias) throws MatrixException {
        Optional<RoomAlias> remote = remoteAlias(roomIdOrAlias);
        if (remote.isPresent()) {
            return remoteJoins.directory(roomIdOrAlias, remote.get().server()).roomId();
        }
        if (roomIdOrAlias.startsWith("#")) {
            return rooms.roomOfAlias(roomIdOrAlias)
                    .orElseThrow(() -> MatrixException.notFound("Room alias " + roomIdOrAlias + " not found"));
        }
        RoomAccess.checkRoomId(roomIdOrAlias);
        rooms.room(roomIdOrAlias).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomIdOrAlias));
        return roomIdOrAlias;
    }

    /** The user joins; returns the room ID. */
    public String join(UserId user, String roomIdOrAlias, String reason) throws MatrixException {
        return join(user, roomIdOrAlias, reason, List.of(), Map.of());
    }

    /**
     * The user joins, through other servers when this one is not in the room: {@code via}, the
     * servers the alias's server names, the room ID's server, the inviter's server. {@code extra}
     * fields go into the member event's content (the body of {@code POST /join}, as Synapse keeps
     * it); the fields the server sets win over them.
     */
    public String join(UserId user, String roomIdOrAlias, String reason, List<ServerName> via,
                       Map<String, JsonNode> extra) throws MatrixException {
        RemoteJoins.Resolved target = target(roomIdOrAlias, via);
        String roomId = target.roomId();
        List<ServerName> servers = new ArrayList<>(target.servers());
        ObjectNode content = memberContent("join", user, reason, false);
        extra.forEach((field, value) -> {
            if (!SERVER_FIELDS.contains(field) && !content.has(field)) {
                content.set(field, value);
            }
        });
        if (inRoom(roomId)) {
            writer.send(NewRoomEvent.state(roomId, user, "m.room.member", user.toString(), content));
            userData.unforget(user, roomId);
            carryOver.joined(user, roomId);
            return roomId;
        }
        servers.addAll(serversToAsk(roomId));
        if (servers.isEmpty() && rooms.room(roomId).isEmpty()) {
            throw MatrixException.notFound("Unknown room " + roomId);
        }
        remoteJoins.membership(user, roomId, servers, "join", content);
        userData.unforget(user, roomId);
        carryOver.joined(user, roomId);
        return roomId;
    }

    /**
     * The user knocks (room versions 7 on), through other servers when this one is not in the
     * room: {@code via}, the servers the alias's server names, the room ID's server. Returns the
     * room ID.
     */
    public String knock(UserId user, String roomIdOrAlias, String reason, List<ServerName> via) throws MatrixException {
        RemoteJoins.Resolved target = target(roomIdOrAlias, via);
        String roomId = target.roomId();
        if (inRoom(roomId) || link.remote() == null) {
            rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
            change(user, roomId, user, "knock", reason, false);
            return roomId;
        }
        List<ServerName> servers = new ArrayList<>(target.servers());
        servers.addAll(serversToAsk(roomId));
        remoteJoins.membership(user, roomId, servers, "knock", memberContent("knock", user, reason, false));
        return roomId;
    }

    /** The room of an ID or alias and the servers the alias's server names besides {@code via}. */
    private RemoteJoins.Resolved target(String roomIdOrAlias, List<ServerName> via) throws MatrixException {
        Optional<RoomAlias> alias = remoteAlias(roomIdOrAlias);
        List<ServerName> servers = new ArrayList<>(via);
        String roomId;
        if (alias.isPresent()) {
            RemoteJoins.Resolved resolved = remoteJoins.directory(roomIdOrAlias, alias.get().server());
            roomId = resolved.roomId();
            servers.addAll(resolved.servers());
        } else if (roomIdOrAlias.startsWith("#")) {
            roomId = resolve(roomIdOrAlias);
        } else {
            RoomAccess.checkRoomId(roomIdOrAlias);
            roomId = roomIdOrAlias;
        }
        return new RemoteJoins.Resolved(roomId, servers);
    }

    /**
     * Whether this server holds the room's state and can act in the room itself: one of its users
     * is joined, or no other server's is (everyone left: rejecting an invite there is local).
     */
    public boolean inRoom(String roomId) {
        if (rooms.room(roomId).isEmpty() || reads.createEvent(roomId).isEmpty()) {
            return false;
        }
        return reads.hasLocalMember(roomId) || link.remote() == null || !reads.hasRemoteMember(roomId);
    }

    /** Servers that may let a user in: the room ID's, the inviter's, those of the members known here. */
    private List<ServerName> serversToAsk(String roomId) {
        List<ServerName> servers = new ArrayList<>(reads.serversOf(roomId));
        int colon = roomId.indexOf(':');
        if (colon > 0 && ServerName.isValid(roomId.substring(colon + 1))) {
            servers.add(new ServerName(roomId.substring(colon + 1)));
        }
        servers.remove(server.name());
        return servers;
    }

    /** An alias of another server, resolved by that server; empty for a local alias or a room ID. */
    Optional<RemoteJoins.Resolved> remoteDirectory(String alias) throws MatrixException {
        Optional<RoomAlias> remote = remoteAlias(alias);
        return remote.isEmpty() ? Optional.empty() : Optional.of(remoteJoins.directory(alias, remote.get().server()));
    }

    private Optional<RoomAlias> remoteAlias(String roomIdOrAlias) {
        if (!roomIdOrAlias.startsWith("#")) {
            return Optional.empty();
        }
        return RoomAlias.parse(roomIdOrAlias).filter(a -> !a.server().equals(server.name()));
    }

    /**
     * Fields of a member event a client may not choose: the membership itself, and what the
     * authorisation rules read as a server's word (restricted joins, third-party invites).
     */
    private static final Set<String> SERVER_FIELDS = Set.of("membership", "join_authorised_via_users_server",
            "third_party_invite", "third_party_signed", "reason");

    /**
     * The user joins a room known here; a room they had forgotten shows again, tags follow an
     * upgrade. Joining again with the same profile changes nothing.
     */
    public String joinKnown(UserId user, String roomId, String reason) throws MatrixException {
        String eventId = change(user, roomId, user, "join", reason, false);
        userData.unforget(user, roomId);
        carryOver.joined(user, roomId);
        return eventId;
    }

    /** What one user does to another's membership. */
    public enum Action {
        INVITE("invite"),
        /** Only someone joined, invited or knocking can be kicked. */
        KICK("leave"),
        BAN("ban"),
        /** Only someone banned can be unbanned. */
        UNBAN("leave");

        final String membership;

        Action(String membership) {
            this.membership = membership;
        }
    }

    /**
     * {@code sender} invites, kicks, bans or unbans {@code target} (Client-Server API, "Room
     * membership"): 403 {@code M_FORBIDDEN} when the target is not in a state the action applies
     * to (kicking someone not in the room, unbanning someone not banned), else as the
     * authorization rules say.
     *
     * @param direct marks an invite as a direct chat ({@code is_direct})
     * @return the event ID
     */
    public String act(UserId sender, String roomId, UserId target, Action action, String reason, boolean direct)
            throws MatrixException {
        return write(roomId, target, action, event(sender, roomId, target, action.membership, reason, direct));
    }

    /**
     * {@code sender} invites {@code target} on an identity server's word: the invite carries
     * {@code third_party_invite} ({@code signed} and the {@code display_name} of the room's
     * {@code m.room.third_party_invite}), which authorization rule 4.4.1 checks instead of the
     * sender's membership and power (Client-Server API, "Third-party invites").
     */
    String inviteByThirdParty(UserId sender, String roomId, UserId target, ObjectNode thirdPartyInvite)
            throws MatrixException {
        NewRoomEvent event = event(sender, roomId, target, "invite", null, false);
        ((ObjectNode) event.content()).set("third_party_invite", thirdPartyInvite);
        return write(roomId, target, Action.INVITE, event);
    }

    private String write(String roomId, UserId target, Action action, NewRoomEvent event) throws MatrixException {
        return writer.write(roomId, batch -> {
            String current = batch.membership(roomId, target);
            if (action == Action.KICK && !KICKABLE.contains(current)) {
                throw MatrixException.forbidden(target + " is not in the room");
            }
            if (action == Action.UNBAN && !"ban".equals(current)) {
                throw MatrixException.forbidden(target + " is not banned");
            }
            String eventId = batch.send(event);
            if (action == Action.INVITE && !server.isLocal(target)) {
                // the invitee's server signs the invite before the room gets it
                RoomVersion version = batch.version(roomId);
                Pdu signed = remoteJoins.invite(target, roomId, version, batch.queued(eventId).orElseThrow(),
                        reads.strippedState(roomId, event.sender().toString()));
                batch.countersigned(signed, new String(version.canonicalJson().encode(signed.json()),
                        StandardCharsets.UTF_8));
            }
            return eventId;
        });
    }

    /** Sets the user's own membership in a room: join (one this server is in) or leave; knocks go through {@link #knock}. */
    public String change(UserId user, String roomId, String membership, String reason) throws MatrixException {
        if ("leave".equals(membership) && !inRoom(roomId) && link.remote() != null) {
            // an invite refused or a knock withdrawn, in a room this server is not in
            List<ServerName> servers = serversToAsk(roomId);
            return remoteJoins.membership(user, roomId, servers, membership, memberContent(membership, user, reason,
                    false));
        }
        return change(user, roomId, user, membership, reason, false);
    }

    private String change(UserId sender, String roomId, UserId target, String membership, String reason,
                          boolean direct) throws MatrixException {
        return writer.send(event(sender, roomId, target, membership, reason, direct));
    }

    /**
     * The membership event that sets {@code target}'s membership in the room; 403 for a user of
     * another server that cannot be reached.
     *
     * @param roomId null for a room being created
     */
    NewRoomEvent event(UserId sender, String roomId, UserId target, String membership, String reason, boolean direct)
            throws MatrixException {
        if (!server.isLocal(target) && !"leave".equals(membership) && !"ban".equals(membership)
                && link.remote() == null) {
            throw MatrixException.forbidden("Users of other servers cannot be reached: federation is not enabled");
        }
        return NewRoomEvent.state(roomId, sender, "m.room.member", target.toString(),
                memberContent(membership, target, reason, direct));
    }

    /** The content of a member event, with the local user's display name and avatar ("Profiles"). */
    ObjectNode memberContent(String membership, UserId user, String reason, boolean direct) {
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("membership", membership);
        if ("join".equals(membership) || "invite".equals(membership)) {
            accounts.find(user).map(Account::displayName).ifPresent(name -> content.put("displayname", name));
            String avatar = profiles.fields(user).get("avatar_url");
            if (avatar != null) {
                content.set("avatar_url", Json.stored(avatar));
            }
        }
        if (reason != null) {
            content.put("reason", reason);
        }
        if (direct) {
            content.put("is_direct", true);
        }
        return content;
    }
}
