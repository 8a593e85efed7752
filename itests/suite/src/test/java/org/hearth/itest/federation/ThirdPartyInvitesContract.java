package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Third-party invites (Client-Server API "Third-party invites", Server-Server API "Third-party
 * invites") between two Hearth servers and an identity server the test plays
 * ({@link PlayedIdentityServer}, https with the test CA, trusted through {@code identity.ca_file}):
 * inviting a bound identifier, an unbound one, {@code /3pid/onbind} for a room of the same server
 * and for one of the other server ({@code exchange_third_party_invite}), and the refusals.
 * Run once per database by the subclasses.
 */
abstract class ThirdPartyInvitesContract {
    private static final AtomicInteger NEXT = new AtomicInteger();
    static PlayedIdentityServer identity;

    abstract HearthServer hs1();

    abstract HearthServer hs2();

    /** hs1 or hs2 of {@link FederationWireContract}, trusting the played identity server at loopback. */
    static TestConfig withIdentity(TestConfig c) {
        return c.openRegistration().set("identity.allow_private_addresses", true)
                .set("identity.ca_file", FederationWireContract.CA.caFile().toString());
    }

    @BeforeAll
    static void start() {
        FederationWireContract.awaitListeners();
        identity = new PlayedIdentityServer(FederationWireContract.CA.issue("localhost"));
    }

    @AfterAll
    static void stop() {
        identity.close();
    }

    private static String email() {
        return "someone" + NEXT.incrementAndGet() + "x" + System.nanoTime() % 10_000 + "@example.org";
    }

    private static Reply inviteByEmail(Login inviter, String roomId, String email) {
        return FederatedRoomsContract.as(inviter).post("/_matrix/client/v3/rooms/" + FederatedRoomsContract.enc(roomId)
                + "/invite", Map.of("id_server", identity.name(), "id_access_token", PlayedIdentityServer.ACCESS_TOKEN,
                "medium", "email", "address", email));
    }

    private static String room(Login creator, Map<String, Object> body) {
        Reply created = FederatedRoomsContract.as(creator).post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, created.status(), created.toString());
        return created.json().path("room_id").asText();
    }

    private static Reply state(Login reader, String roomId, String type, String stateKey) {
        return FederatedRoomsContract.as(reader).get("/_matrix/client/v3/rooms/" + FederatedRoomsContract.enc(roomId)
                + "/state/" + type + "/" + FederatedRoomsContract.enc(stateKey));
    }

    @Test
    void aBoundIdentifierGetsTheUserAnOrdinaryInvite() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login bob = FederatedRoomsContract.register(hs1(), "bob");
        String email = email();
        identity.bind("email", email, bob.userId());
        String roomId = room(alice, Map.of("preset", "private_chat"));

        Reply invite = inviteByEmail(alice, roomId, email);
        assertEquals(200, invite.status(), invite.toString());
        JsonNode member = state(alice, roomId, "m.room.member", bob.userId()).json();
        assertEquals("invite", member.path("membership").asText(), member.toString());
        assertTrue(member.path("third_party_invite").isMissingNode(), member.toString());
    }

    @Test
    void anUnboundIdentifierIsInvitedInTheRoomAndTheUserItIsBoundToGetsTheInvite() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login bob = FederatedRoomsContract.register(hs1(), "bob");
        String email = email();
        String roomId = room(alice, Map.of("preset", "private_chat"));

        Reply invite = inviteByEmail(alice, roomId, email);
        assertEquals(200, invite.status(), invite.toString());
        JsonNode thirdParty = thirdPartyInvite(alice, roomId);
        assertEquals("b...@example.org", thirdParty.path("content").path("display_name").asText(), thirdParty.toString());
        assertEquals(identity.key().publicKey(), thirdParty.path("content").path("public_keys").path(0).path("public_key")
                .asText(), thirdParty.toString());
        assertTrue(thirdParty.path("content").path("key_validity_url").asText().startsWith("https://" + identity.name()));

        identity.bind("email", email, bob.userId());
        Reply bound = hs1().http().post("/_matrix/federation/v1/3pid/onbind",
                identity.onbindBody("email", email, bob.userId(), identity.key()));
        assertEquals(200, bound.status(), bound.toString());
        JsonNode member = state(alice, roomId, "m.room.member", bob.userId()).json();
        assertEquals("invite", member.path("membership").asText(), member.toString());
        assertEquals("b...@example.org", member.path("third_party_invite").path("display_name").asText());
        Reply join = FederatedRoomsContract.as(bob).post("/_matrix/client/v3/rooms/" + FederatedRoomsContract.enc(roomId)
                + "/join", Map.of());
        assertEquals(200, join.status(), join.toString());
        assertEquals("join", state(alice, roomId, "m.room.member", bob.userId()).json().path("membership").asText());
    }

    @Test
    void aUserOfTheOtherServerGetsTheInviteThroughTheInvitersServer() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login carol = FederatedRoomsContract.register(hs2(), "carol");
        String email = email();
        String roomId = room(alice, Map.of("preset", "private_chat"));
        assertEquals(200, inviteByEmail(alice, roomId, email).status());

        identity.bind("email", email, carol.userId());
        // hs2 is not in the room: it asks hs1 (exchange_third_party_invite), which invites Carol over federation
        Reply bound = hs2().http().post("/_matrix/federation/v1/3pid/onbind",
                identity.onbindBody("email", email, carol.userId(), identity.key()));
        assertEquals(200, bound.status(), bound.toString());
        Await.until("Carol's invite on hs2", Duration.ofSeconds(20), () -> FederatedRoomsContract.as(carol)
                .get("/_matrix/client/v3/sync?timeout=0").json().path("rooms").path("invite").has(roomId));
        Reply join = FederatedRoomsContract.as(carol).post("/_matrix/client/v3/join/"
                + FederatedRoomsContract.enc(roomId), Map.of());
        assertEquals(200, join.status(), join.toString());
        assertEquals("join", state(alice, roomId, "m.room.member", carol.userId()).json().path("membership").asText());
    }

    @Test
    void anInviteSignedByAnotherKeyIsRefused() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login bob = FederatedRoomsContract.register(hs1(), "bob");
        String email = email();
        String roomId = room(alice, Map.of("preset", "private_chat"));
        assertEquals(200, inviteByEmail(alice, roomId, email).status());

        Reply bound = hs1().http().post("/_matrix/federation/v1/3pid/onbind",
                identity.onbindBody("email", email, bob.userId(), new Ed25519Keys()));
        assertEquals(403, bound.status(), bound.toString());
        assertEquals("M_FORBIDDEN", bound.errcode());
        assertEquals(404, state(alice, roomId, "m.room.member", bob.userId()).status(), "no membership for Bob");
        Reply join = FederatedRoomsContract.as(bob).post("/_matrix/client/v3/rooms/" + FederatedRoomsContract.enc(roomId)
                + "/join", Map.of());
        assertEquals(403, join.status(), join.toString());
    }

    @Test
    void anInviteSignedByARevokedKeyIsRefused() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login bob = FederatedRoomsContract.register(hs1(), "bob");
        String email = email();
        String roomId = room(alice, Map.of("preset", "private_chat"));
        assertEquals(200, inviteByEmail(alice, roomId, email).status());

        Ed25519Keys signer = identity.key();
        identity.revokeKey();
        Reply bound = hs1().http().post("/_matrix/federation/v1/3pid/onbind",
                identity.onbindBody("email", email, bob.userId(), signer));
        assertEquals(403, bound.status(), bound.toString());
        assertEquals(404, state(alice, roomId, "m.room.member", bob.userId()).status(), "no membership for Bob");
    }

    @Test
    void aMemberBelowTheInviteLevelMayNotInviteAndTheIdentityServerIsNotAsked() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login bob = FederatedRoomsContract.register(hs1(), "bob");
        String roomId = room(alice, Map.of("preset", "public_chat", "power_level_content_override", Map.of("invite", 50)));
        Reply joined = FederatedRoomsContract.as(bob).post("/_matrix/client/v3/rooms/"
                + FederatedRoomsContract.enc(roomId) + "/join", Map.of());
        assertEquals(200, joined.status(), joined.toString());
        int requestsBefore = identity.paths().size();

        Reply invite = inviteByEmail(bob, roomId, email());
        assertEquals(403, invite.status(), invite.toString());
        assertEquals("M_FORBIDDEN", invite.errcode());
        assertEquals(requestsBefore, identity.paths().size(), "asked the identity server: " + identity.paths());
        assertFalse(roomState(alice, roomId).stream().anyMatch(e -> "m.room.third_party_invite".equals(
                e.path("type").asText())));
    }

    @Test
    void createRoomInvitesTheIdentifiersOfInvite3pid() {
        Login alice = FederatedRoomsContract.register(hs1(), "alice");
        Login bob = FederatedRoomsContract.register(hs1(), "bob");
        String email = email();
        identity.bind("email", email, bob.userId());
        String roomId = room(alice, Map.of("invite_3pid", List.of(Map.of("id_server", identity.name(),
                "id_access_token", PlayedIdentityServer.ACCESS_TOKEN, "medium", "email", "address", email))));
        assertEquals("invite", state(alice, roomId, "m.room.member", bob.userId()).json().path("membership").asText());
    }

    private static JsonNode thirdPartyInvite(Login reader, String roomId) {
        return roomState(reader, roomId).stream().filter(e -> "m.room.third_party_invite".equals(e.path("type").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no m.room.third_party_invite in " + roomId));
    }

    private static List<JsonNode> roomState(Login reader, String roomId) {
        Reply state = FederatedRoomsContract.as(reader).get("/_matrix/client/v3/rooms/"
                + FederatedRoomsContract.enc(roomId) + "/state");
        assertEquals(200, state.status(), state.toString());
        List<JsonNode> events = new java.util.ArrayList<>();
        state.json().forEach(events::add);
        return events;
    }
}
