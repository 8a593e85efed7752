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

/** OpenID tokens, the 3PID list, room tags and m.direct; run once per database. */
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
}
