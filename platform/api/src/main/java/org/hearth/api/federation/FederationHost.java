package org.hearth.api.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the federation bundle's inbound endpoints need from core: every request of another server
 * that touches rooms, users or keys. The bundle has already verified the request's signature and
 * checked the server against its policy; {@code origin} is that verified server. Answers are the
 * JSON bodies the Server-Server API gives; a refusal is the {@link MatrixException} with the spec's
 * errcode and status. Core applies room server ACLs ({@code m.room.server_acl}) and what the origin
 * may see (history visibility for a server).
 *
 * <p>Outbound: the bundle reads the durable event stream (consumer {@code federation-sender}) and
 * asks {@link #pdu} and {@link #destinations} for each event.
 */
@ProviderType
public interface FederationHost {
    // --- receiving events (PUT /send/{txnId})

    /** Runs the checks of "Checks performed on receipt of a PDU" and stores the event as they say. */
    PduOutcome receivePdu(ServerName origin, JsonNode pdu);

    /**
     * The PDUs of one transaction, each as {@link #receivePdu} receives it, in order (a later one
     * may follow an earlier one); core may write several of one room together. One PDU's outcome
     * never changes another's.
     *
     * @return the outcome of each PDU, in the order of the list (since 0.5.0)
     */
    List<PduOutcome> receivePdus(ServerName origin, List<JsonNode> pdus);

    /** An EDU of a transaction (typing, receipts, presence, device lists, to-device, signing keys). */
    void receiveEdu(ServerName origin, String eduType, JsonNode content);

    // --- membership handshakes

    /** {@code GET /make_join/{roomId}/{userId}}: {@code {"event": …, "room_version": …}}. */
    JsonNode makeJoin(ServerName origin, RoomId room, UserId user, Set<String> supportedVersions)
            throws MatrixException;

    /** {@code PUT /send_join/v2/{roomId}/{eventId}}, {@code omitMembers} for a partial-state join. */
    JsonNode sendJoin(ServerName origin, RoomId room, EventId eventId, JsonNode event, boolean omitMembers)
            throws MatrixException;

    /** {@code GET /make_leave/{roomId}/{userId}}. */
    JsonNode makeLeave(ServerName origin, RoomId room, UserId user) throws MatrixException;

    /** {@code PUT /send_leave/v2/{roomId}/{eventId}}. */
    JsonNode sendLeave(ServerName origin, RoomId room, EventId eventId, JsonNode event) throws MatrixException;

    /** {@code GET /make_knock/{roomId}/{userId}}. */
    JsonNode makeKnock(ServerName origin, RoomId room, UserId user, Set<String> supportedVersions)
            throws MatrixException;

    /** {@code PUT /send_knock/{roomId}/{eventId}}. */
    JsonNode sendKnock(ServerName origin, RoomId room, EventId eventId, JsonNode event) throws MatrixException;

    /**
     * {@code PUT /invite/v2/{roomId}/{eventId}}: a local user is invited; core checks the invitee
     * is local, asks the event policies, signs the event and answers {@code {"event": …}}.
     */
    JsonNode invite(ServerName origin, RoomId room, EventId eventId, String roomVersion, JsonNode event,
                    JsonNode inviteRoomState) throws MatrixException;

    // --- third-party invites (Server-Server API, "Third-party invites")

    /**
     * {@code PUT /exchange_third_party_invite/{roomId}}: the origin, holding an identity server's
     * signed word for one of its users, asks this server (the inviter's) to send the invite.
     */
    void exchangeThirdPartyInvite(ServerName origin, RoomId room, JsonNode event) throws MatrixException;

    /**
     * {@code PUT /3pid/onbind}, called by an identity server, not a homeserver (no signature): a
     * third-party identifier is now bound to a local user, with the invites waiting for it.
     */
    void thirdPartyBound(JsonNode body) throws MatrixException;

    // --- reading rooms

    /** {@code GET /event/{eventId}}: the PDU, when the origin may see it. */
    JsonNode event(ServerName origin, EventId event) throws MatrixException;

    /** {@code GET /state/{roomId}?event_id=}: {@code {"pdus": …, "auth_chain": …}}. */
    JsonNode state(ServerName origin, RoomId room, EventId at) throws MatrixException;

    /** {@code GET /state_ids/{roomId}?event_id=}: {@code {"pdu_ids": …, "auth_chain_ids": …}}. */
    JsonNode stateIds(ServerName origin, RoomId room, EventId at) throws MatrixException;

    /** {@code GET /backfill/{roomId}?v=&limit=}: {@code {"origin", "origin_server_ts", "pdus"}}. */
    JsonNode backfill(ServerName origin, RoomId room, List<EventId> from, int limit) throws MatrixException;

    /** {@code POST /get_missing_events/{roomId}}: {@code {"events": …}}. */
    JsonNode missingEvents(ServerName origin, RoomId room, List<EventId> earliest, List<EventId> latest, int limit,
                           long minDepth) throws MatrixException;

    /** {@code GET /event_auth/{roomId}/{eventId}}: {@code {"auth_chain": …}}. */
    JsonNode eventAuth(ServerName origin, RoomId room, EventId event) throws MatrixException;

    // --- queries

    /** {@code GET /query/profile}: {@code field} null for the whole profile. */
    JsonNode profile(UserId user, String field) throws MatrixException;

    /** {@code GET /query/directory}: {@code {"room_id", "servers"}}. */
    JsonNode directory(RoomAlias alias) throws MatrixException;

    /** {@code GET /user/devices/{userId}}. */
    JsonNode userDevices(UserId user) throws MatrixException;

    /** {@code POST /user/keys/query}: the body as sent. */
    JsonNode queryKeys(ServerName origin, JsonNode request) throws MatrixException;

    /** {@code POST /user/keys/claim}: the body as sent. */
    JsonNode claimKeys(ServerName origin, JsonNode request) throws MatrixException;

    /** {@code GET|POST /publicRooms}: the request as a JSON object (limit, since, filter, …). */
    JsonNode publicRooms(ServerName origin, JsonNode request) throws MatrixException;

    /** {@code GET /hierarchy/{roomId}}. */
    JsonNode hierarchy(ServerName origin, RoomId room, boolean suggestedOnly) throws MatrixException;

    /** {@code GET /openid/userinfo}: the user an OpenID token of this server stands for. */
    JsonNode openIdUserInfo(String accessToken) throws MatrixException;

    // --- outbound

    /** The stored PDU (federation form) of an event of this server's rooms. */
    JsonNode pdu(EventId event) throws MatrixException;

    /**
     * The servers that must receive the event: those with a member joined at it (and, for a
     * membership event, the target's server), without this one and without those the room's
     * server ACL denies.
     */
    Set<ServerName> destinations(RoomId room, EventId event) throws MatrixException;
}
