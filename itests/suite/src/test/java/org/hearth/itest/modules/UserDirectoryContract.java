package org.hearth.itest.modules;

import static org.hearth.itest.modules.Users.createRoom;
import static org.hearth.itest.modules.Users.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** The user directory: users sharing a room and users in public rooms, current profiles; run once per database. */
abstract class UserDirectoryContract {

    abstract MatrixHttp http();

    Login user(String name) {
        return Users.user(http(), name);
    }

    static JsonNode search(Login who, String term, Integer limit) {
        Map<String, Object> body = new HashMap<>();
        body.put("search_term", term);
        if (limit != null) {
            body.put("limit", limit);
        }
        Reply reply = who.http().post("/_matrix/client/v3/user_directory/search", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("results").forEach(r -> out.add(r.get("user_id").asText()));
        return out;
    }

    static void rename(Login who, String name) {
        assertEquals(200, who.http().put("/_matrix/client/v3/profile/" + who.userId() + "/displayname",
                Map.of("displayname", name)).status());
    }

    @Test
    void usersInPublicRoomsAndSharedRoomsAreFoundOthersAreNot() {
        Login alice = user("alice");
        Login pub = user("pub");
        Login priv = user("priv");
        Login stranger = user("stranger");
        rename(pub, "Zebulon Public");
        rename(priv, "Zebulon Private");
        rename(stranger, "Zebulon Stranger");
        String open = createRoom(pub, Map.of("preset", "public_chat"));
        String closed = createRoom(priv, Map.of("preset", "private_chat"));
        createRoom(stranger, Map.of("preset", "private_chat"));

        List<String> found = ids(search(alice, "zebulon", null));
        assertTrue(found.contains(pub.userId()), "in a public room: " + found);
        assertFalse(found.contains(priv.userId()), "private room not shared: " + found);
        assertFalse(found.contains(stranger.userId()));

        assertEquals(200, priv.http().post("/_matrix/client/v3/rooms/" + closed + "/invite", Map.of("user_id", alice.userId())).status());
        join(alice, closed);
        found = ids(search(alice, "zebulon", null));
        assertTrue(found.contains(priv.userId()), "now sharing a room: " + found);
        assertFalse(found.contains(stranger.userId()), "never: " + found);
        assertEquals(200, alice.http().post("/_matrix/client/v3/rooms/" + closed + "/leave", Map.of()).status());
        assertFalse(ids(search(alice, "zebulon", null)).contains(priv.userId()), "not after leaving");

        JsonNode entry = search(alice, "Zebulon Pub", null).get("results").get(0);
        assertEquals(pub.userId(), entry.get("user_id").asText());
        assertEquals("Zebulon Public", entry.get("display_name").asText());
        assertTrue(ids(search(alice, pub.userId().substring(1, 6), null)).contains(pub.userId()), "by user ID too");
        rename(alice, "Zebulon Searcher");
        createRoom(alice, Map.of("preset", "private_chat"));
        assertFalse(ids(search(alice, "zebulon", null)).contains(alice.userId()), "not oneself through a private room");
        join(alice, open);
        assertTrue(ids(search(alice, "zebulon", null)).contains(alice.userId()), "oneself through a public room");
    }

    @Test
    void aNewProfileIsFoundAtOnce() {
        Login alice = user("alice");
        Login bob = user("bob");
        createRoom(bob, Map.of("preset", "public_chat"));
        rename(bob, "Quentin Old");
        assertEquals(1, search(alice, "quentin old", null).get("results").size());
        rename(bob, "Rupert New");
        assertEquals(0, search(alice, "quentin old", null).get("results").size());
        JsonNode entry = search(alice, "rupert new", null).get("results").get(0);
        assertEquals("Rupert New", entry.get("display_name").asText());
        assertEquals(200, bob.http().put("/_matrix/client/v3/profile/" + bob.userId() + "/avatar_url",
                Map.of("avatar_url", "mxc://localhost/rupert")).status());
        assertEquals("mxc://localhost/rupert", search(alice, "rupert new", null).at("/results/0/avatar_url").asText());
    }

    @Test
    void theLimitIsKeptAndSaidAndInputIsChecked() {
        Login alice = user("alice");
        String room = createRoom(alice, Map.of("preset", "public_chat"));
        for (int i = 0; i < 4; i++) {
            Login other = user("member");
            rename(other, "Xanthippe " + i);
            join(other, room);
        }
        JsonNode limited = search(alice, "xanthippe", 3);
        assertEquals(3, limited.get("results").size());
        assertTrue(limited.get("limited").asBoolean());
        JsonNode all = search(alice, "xanthippe", null);
        assertEquals(4, all.get("results").size());
        assertFalse(all.get("limited").asBoolean());
        assertEquals(0, search(alice, "100%_!", null).get("results").size(), "LIKE wildcards are plain characters");

        assertEquals("M_MISSING_PARAM", alice.http().post("/_matrix/client/v3/user_directory/search", Map.of()).errcode());
        assertEquals("M_BAD_JSON", alice.http().post("/_matrix/client/v3/user_directory/search",
                Map.of("search_term", "x", "limit", "ten")).errcode());
        assertEquals(401, http().post("/_matrix/client/v3/user_directory/search", Map.of("search_term", "x")).status());
    }

    @Test
    void deactivatedUsersAreNotFound() {
        Login alice = user("alice");
        Login bob = user("bob");
        rename(bob, "Wilhelmina Gone");
        createRoom(bob, Map.of("preset", "public_chat"));
        assertEquals(1, search(alice, "wilhelmina", null).get("results").size());
        Reply gone = bob.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth", Map.of("type", "m.login.password",
                "password", "pw", "identifier", Map.of("type", "m.id.user", "user", bob.userId()))));
        assertEquals(200, gone.status(), gone.text());
        assertEquals(0, search(alice, "wilhelmina", null).get("results").size());
    }
}
