package org.hearth.itest.modules;

import static org.hearth.itest.modules.Users.createRoom;
import static org.hearth.itest.modules.Users.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** OpenID tokens, the 3PID list, room tags, m.direct and ignored users; run once per database. */
abstract class AccountModulesContract {

    abstract MatrixHttp http();

    Login user(String name) {
        return Users.user(http(), name);
    }

    static String tagsPath(Login who, String roomId) {
        return "/_matrix/client/v3/user/" + who.userId() + "/rooms/" + roomId + "/tags";
    }

    @Test
    void anOpenIdTokenIsIssuedForOneselfOnly() {
        Login alice = user("alice");
        Login bob = user("bob");
        Reply reply = alice.http().post("/_matrix/client/v3/user/" + alice.userId() + "/openid/request_token", Map.of());
        assertEquals(200, reply.status(), reply.text());
        JsonNode token = reply.json();
        assertEquals("Bearer", token.get("token_type").asText());
        assertEquals("localhost", token.get("matrix_server_name").asText());
        assertEquals(3600, token.get("expires_in").asInt());
        assertTrue(token.get("access_token").asText().length() >= 32);
        String second = alice.http().post("/_matrix/client/v3/user/" + alice.userId() + "/openid/request_token", Map.of())
                .json().get("access_token").asText();
        assertNotEquals(token.get("access_token").asText(), second);

        Reply forBob = alice.http().post("/_matrix/client/v3/user/" + bob.userId() + "/openid/request_token", Map.of());
        assertEquals(403, forBob.status(), forBob.text());
        assertEquals("M_FORBIDDEN", forBob.errcode());
        assertEquals(401, http().post("/_matrix/client/v3/user/" + alice.userId() + "/openid/request_token", Map.of()).status());
    }

    @Test
    void aThirdPartyChecksAnOpenIdTokenOnTheClientListener() {
        Login alice = user("alice");
        String token = alice.http().post("/_matrix/client/v3/user/" + alice.userId() + "/openid/request_token", Map.of())
                .json().get("access_token").asText();
        Reply info = http().get("/_matrix/federation/v1/openid/userinfo?access_token=" + token);
        assertEquals(200, info.status(), info.text());
        assertEquals(alice.userId(), info.json().get("sub").asText());
        // An access token of the client API is not an OpenID token.
        for (String query : List.of("?access_token=an%2Finvalid%2Ftoken", "", "?access_token=" + alice.accessToken())) {
            Reply refused = http().get("/_matrix/federation/v1/openid/userinfo" + query);
            assertEquals(401, refused.status(), refused.text());
            assertEquals("M_UNKNOWN_TOKEN", refused.errcode());
        }
    }

    @Test
    void theThreePidListIsEmpty() {
        Login alice = user("alice");
        Reply reply = alice.http().get("/_matrix/client/v3/account/3pid");
        assertEquals(200, reply.status(), reply.text());
        assertEquals(0, reply.json().get("threepids").size());
        assertEquals(401, http().get("/_matrix/client/v3/account/3pid").status());
    }

    @Test
    void tagsAreAddedListedRemovedAndSynced() {
        Login alice = user("alice");
        String roomId = createRoom(alice, Map.of());
        String since = sync(alice, null).get("next_batch").asText();

        assertEquals(200, alice.http().put(tagsPath(alice, roomId) + "/m.favourite", Map.of("order", 0.25)).status());
        assertEquals(200, alice.http().put(tagsPath(alice, roomId) + "/u.work", Map.of()).status());
        JsonNode tags = alice.http().get(tagsPath(alice, roomId)).json().get("tags");
        assertEquals(0.25, tags.at("/m.favourite/order").asDouble());
        assertTrue(tags.has("u.work"));

        JsonNode data = sync(alice, since).at("/rooms/join/" + roomId + "/account_data/events");
        List<JsonNode> tagEvents = Users.ofType(data, "m.tag");
        assertEquals(1, tagEvents.size(), data.toString());
        assertEquals(0.25, tagEvents.get(0).at("/content/tags/m.favourite/order").asDouble());
        JsonNode initial = sync(alice, null).at("/rooms/join/" + roomId + "/account_data/events");
        assertEquals(1, Users.ofType(initial, "m.tag").size(), "in an initial sync too");

        String beforeDelete = sync(alice, null).get("next_batch").asText();
        assertEquals(200, alice.http().delete(tagsPath(alice, roomId) + "/m.favourite").status());
        assertEquals(200, alice.http().delete(tagsPath(alice, roomId) + "/m.never").status(), "removing nothing is fine");
        JsonNode after = sync(alice, beforeDelete).at("/rooms/join/" + roomId + "/account_data/events");
        JsonNode left = Users.ofType(after, "m.tag").get(0).at("/content/tags");
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.has("u.work"));

        assertEquals("M_BAD_JSON", alice.http().put(tagsPath(alice, roomId) + "/u.x", Map.of("order", "first")).errcode());
        assertEquals("M_INVALID_PARAM", alice.http().put(tagsPath(alice, roomId).replace(roomId, "not-a-room") + "/u.x",
                Map.of()).errcode());
    }

    @Test
    void tagsFollowARoomUpgrade() {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "room_version", "10"));
        Users.join(bob, roomId);
        assertEquals(200, bob.http().put(tagsPath(bob, roomId) + "/u.kept", Map.of("order", 0.5)).status());
        Reply upgrade = alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/upgrade", Map.of("new_version", "11"));
        assertEquals(200, upgrade.status(), upgrade.text());
        String newRoom = upgrade.json().get("replacement_room").asText();
        Users.join(bob, newRoom);
        assertEquals(0.5, bob.http().get(tagsPath(bob, newRoom)).json().at("/tags/u.kept/order").asDouble());
        assertEquals(0, alice.http().get(tagsPath(alice, newRoom)).json().get("tags").size(), "only the tagger's tags");
    }

    @Test
    void anotherUsersTagsAreForbidden() {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        alice.http().put(tagsPath(alice, roomId) + "/u.secret", Map.of());
        for (Reply reply : List.of(bob.http().get(tagsPath(alice, roomId)),
                bob.http().put(tagsPath(alice, roomId) + "/u.mine", Map.of()),
                bob.http().delete(tagsPath(alice, roomId) + "/u.secret"))) {
            assertEquals(403, reply.status(), reply.text());
            assertEquals("M_FORBIDDEN", reply.errcode());
        }
        assertTrue(alice.http().get(tagsPath(alice, roomId)).json().at("/tags").has("u.secret"));
    }

    @Test
    void directChatsAreGlobalAccountData() {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("is_direct", true, "invite", List.of(bob.userId()), "preset", "trusted_private_chat"));
        String since = sync(alice, null).get("next_batch").asText();
        assertEquals(200, alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/m.direct",
                Map.of(bob.userId(), List.of(roomId))).status());
        JsonNode global = sync(alice, since).at("/account_data/events");
        assertEquals(roomId, Users.ofType(global, "m.direct").get(0).at("/content/" + bob.userId().replace("/", "~1") + "/0").asText());
        JsonNode invite = sync(bob, null).at("/rooms/invite/" + roomId + "/invite_state/events");
        boolean direct = false;
        for (JsonNode e : invite) {
            direct |= e.path("state_key").asText().equals(bob.userId()) && e.at("/content/is_direct").asBoolean();
        }
        assertTrue(direct, "the invite says it is a direct chat: " + invite);
        assertEquals(403, bob.http().get("/_matrix/client/v3/user/" + alice.userId() + "/account_data/m.direct").status());
    }

    static String ignoreList(Login who) {
        return "/_matrix/client/v3/user/" + who.userId() + "/account_data/m.ignored_user_list";
    }

    @Test
    void anIgnoredUsersMessagesAndInvitesAreHidden() {
        Login alice = user("alice");
        Login bob = user("bob");
        Login carol = user("carol");
        String roomId = createRoom(carol, Map.of("preset", "public_chat"));
        Users.join(alice, roomId);
        Users.join(bob, roomId);
        Users.send(bob, roomId, "from bob");
        Users.send(carol, roomId, "from carol");
        assertEquals(200, alice.http().put(ignoreList(alice), Map.of("ignored_users", Map.of(bob.userId(), Map.of()))).status());

        JsonNode room = sync(alice, null).at("/rooms/join/" + roomId);
        assertEquals(List.of("from carol"), bodies(room.at("/timeline/events")), room.toString());
        boolean bobsJoinShown = false;
        for (JsonNode e : Users.ofType(room.at("/timeline/events"), "m.room.member")) {
            bobsJoinShown |= e.get("state_key").asText().equals(bob.userId());
        }
        assertTrue(bobsJoinShown, "state events of ignored users are still shown");
        String since = sync(alice, null).get("next_batch").asText();
        Users.send(bob, roomId, "bob again");
        Users.send(carol, roomId, "carol again");
        assertEquals(List.of("carol again"), bodies(sync(alice, since).at("/rooms/join/" + roomId + "/timeline/events")));
        JsonNode page = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50").json();
        assertEquals(List.of("carol again", "from carol"), bodies(page.get("chunk")));
        assertEquals(List.of("carol again", "bob again", "from carol", "from bob"),
                bodies(carol.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50").json().get("chunk")),
                "others still see everything");

        String fromBob = createRoom(bob, Map.of("invite", List.of(alice.userId())));
        String fromCarol = createRoom(carol, Map.of("invite", List.of(alice.userId())));
        JsonNode invites = sync(alice, since).at("/rooms/invite");
        assertTrue(invites.has(fromCarol), invites.toString());
        assertTrue(!invites.has(fromBob), "an ignored user's invite is hidden: " + invites);
        assertTrue(!sync(alice, null).at("/rooms/invite").has(fromBob), "also in an initial sync");

        assertEquals(200, alice.http().put(ignoreList(alice), Map.of("ignored_users", Map.of())).status());
        String later = sync(alice, null).get("next_batch").asText();
        Users.send(bob, roomId, "bob heard");
        assertEquals(List.of("bob heard"), bodies(sync(alice, later).at("/rooms/join/" + roomId + "/timeline/events")));
    }

    @Test
    void aBadIgnoreListIsRefused() {
        Login alice = user("alice");
        Reply self = alice.http().put(ignoreList(alice), Map.of("ignored_users", Map.of(alice.userId(), Map.of())));
        assertEquals(400, self.status(), self.text());
        assertEquals(400, alice.http().put(ignoreList(alice), Map.of("ignored_users", List.of("@x:localhost"))).status());
        assertEquals(400, alice.http().put(ignoreList(alice), Map.of("ignored_users", Map.of("not a user", Map.of()))).status());
    }

    static List<String> bodies(JsonNode events) {
        List<String> out = new java.util.ArrayList<>();
        events.forEach(e -> {
            if ("m.room.message".equals(e.path("type").asText())) {
                out.add(e.at("/content/body").asText());
            }
        });
        return out;
    }
}
