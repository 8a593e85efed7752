package org.hearth.itest.modules;

import static org.hearth.itest.modules.Users.createRoom;
import static org.hearth.itest.modules.Users.join;
import static org.hearth.itest.modules.Users.ofType;
import static org.hearth.itest.modules.Users.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** Profiles (Client-Server API, "Profiles"), with their forbidden and bad cases; run once per database. */
abstract class ProfilesContract {

    abstract MatrixHttp http();

    Login user(String name) {
        return Users.user(http(), name);
    }

    static String profilePath(Login who) {
        return "/_matrix/client/v3/profile/" + who.userId();
    }

    @Test
    void displayNameAndAvatarAreSetReadAndSeenByOthers() {
        Login alice = user("alice");
        Login bob = user("bob");
        assertEquals(200, alice.http().put(profilePath(alice) + "/displayname", Map.of("displayname", "Alice A.")).status());
        assertEquals(200, alice.http().put(profilePath(alice) + "/avatar_url", Map.of("avatar_url", "mxc://hs/abc")).status());

        Login carol = user("carol");
        Reply unset = carol.http().get(profilePath(carol) + "/avatar_url");
        assertEquals(200, unset.status(), "an avatar not set reads as null, as Synapse answers: " + unset.text());
        assertTrue(unset.json().get("avatar_url").isNull());
        Reply name = bob.http().get(profilePath(alice) + "/displayname");
        assertEquals(200, name.status(), name.text());
        assertEquals(Map.of("displayname", "Alice A."), Map.of("displayname", name.json().get("displayname").asText()));
        JsonNode whole = http().get(profilePath(alice)).json();
        assertEquals("Alice A.", whole.get("displayname").asText(), "readable without an access token");
        assertEquals("mxc://hs/abc", whole.get("avatar_url").asText());
    }

    @Test
    void aNewNameReachesEveryJoinedRoomAsAMemberEvent() {
        Login alice = user("alice");
        Login bob = user("bob");
        String first = createRoom(alice, Map.of("preset", "public_chat"));
        String second = createRoom(alice, Map.of("preset", "private_chat"));
        join(bob, first);
        String since = sync(bob, null).get("next_batch").asText();

        assertEquals(200, alice.http().put(profilePath(alice) + "/displayname", Map.of("displayname", "Queen Alice")).status());
        assertEquals(200, alice.http().put(profilePath(alice) + "/avatar_url", Map.of("avatar_url", "mxc://hs/crown")).status());

        for (String roomId : List.of(first, second)) {
            Reply member = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/" + alice.userId());
            assertEquals("Queen Alice", member.json().get("displayname").asText(), roomId);
            assertEquals("mxc://hs/crown", member.json().get("avatar_url").asText(), roomId);
            assertEquals("join", member.json().get("membership").asText());
        }
        JsonNode timeline = sync(bob, since).at("/rooms/join/" + first + "/timeline/events");
        List<JsonNode> members = ofType(timeline, "m.room.member");
        assertEquals(2, members.size(), timeline.toString());
        assertEquals("Queen Alice", members.get(0).at("/content/displayname").asText());
        assertFalse(members.get(0).at("/content").has("avatar_url"));
        assertEquals("Queen Alice", members.get(1).at("/content/displayname").asText(), "the avatar change keeps the name");
        assertEquals("mxc://hs/crown", members.get(1).at("/content/avatar_url").asText());

        Login carol = user("carol");
        join(carol, first);
        assertEquals(200, carol.http().put(profilePath(carol) + "/avatar_url", Map.of("avatar_url", "mxc://hs/c")).status());
        Reply joined = carol.http().get("/_matrix/client/v3/rooms/" + first + "/joined_members");
        assertEquals("mxc://hs/c", joined.json().at("/joined/" + carol.userId().replace("~", "~0").replace("/", "~1") + "/avatar_url").asText());
    }

    @Test
    void customFieldsAndTimeZoneFollowTheKeyGrammar() {
        Login alice = user("alice");
        assertEquals(200, alice.http().put(profilePath(alice) + "/m.tz", Map.of("m.tz", "Europe/Paris")).status());
        assertEquals(200, alice.http().put(profilePath(alice) + "/org.example.pronouns",
                Map.of("org.example.pronouns", Map.of("en", List.of("she", "her")))).status());
        JsonNode whole = alice.http().get(profilePath(alice)).json();
        assertEquals("Europe/Paris", whole.get("m.tz").asText());
        assertEquals("her", whole.at("/org.example.pronouns/en/1").asText());

        assertEquals(200, alice.http().delete(profilePath(alice) + "/org.example.pronouns").status());
        assertEquals(404, alice.http().get(profilePath(alice) + "/org.example.pronouns").status());
        assertEquals(200, alice.http().delete(profilePath(alice) + "/org.example.never").status(), "deleting nothing is fine");

        assertEquals("M_INVALID_PARAM", alice.http().put(profilePath(alice) + "/Bad.Key", Map.of("Bad.Key", 1)).errcode());
        assertEquals("M_INVALID_PARAM", alice.http().put(profilePath(alice) + "/nodots", Map.of("nodots", 1)).errcode());
        String longKey = "org.example." + "k".repeat(250);
        assertEquals("M_KEY_TOO_LARGE", alice.http().put(profilePath(alice) + "/" + longKey, Map.of(longKey, 1)).errcode());
        assertEquals("M_MISSING_PARAM", alice.http().put(profilePath(alice) + "/m.tz", Map.of("other", "x")).errcode());
        assertEquals("M_BAD_JSON", alice.http().put(profilePath(alice) + "/displayname", Map.of("displayname", 42)).errcode());
        assertEquals("M_BAD_JSON", alice.http().put(profilePath(alice) + "/displayname",
                Map.of("displayname", "x".repeat(257))).errcode());
    }

    @Test
    void aProfileStaysUnder64KiB() {
        Login alice = user("alice");
        String big = "x".repeat(30_000);
        assertEquals(200, alice.http().put(profilePath(alice) + "/org.example.one", Map.of("org.example.one", big)).status());
        assertEquals(200, alice.http().put(profilePath(alice) + "/org.example.two", Map.of("org.example.two", big)).status());
        Reply third = alice.http().put(profilePath(alice) + "/org.example.three", Map.of("org.example.three", big));
        assertEquals(400, third.status(), third.text());
        assertEquals("M_PROFILE_TOO_LARGE", third.errcode());
        assertEquals(200, alice.http().put(profilePath(alice) + "/org.example.two", Map.of("org.example.two", "small")).status(),
                "replacing a field counts its new size only");
    }

    @Test
    void nobodyChangesAnotherUsersProfile() {
        Login alice = user("alice");
        Login bob = user("bob");
        Reply put = bob.http().put(profilePath(alice) + "/displayname", Map.of("displayname", "Mallory"));
        assertEquals(403, put.status(), put.text());
        assertEquals("M_FORBIDDEN", put.errcode());
        assertEquals(403, bob.http().delete(profilePath(alice) + "/displayname").status());
        assertFalse(http().get(profilePath(alice)).text().contains("Mallory"));
        assertEquals(401, http().put(profilePath(alice) + "/displayname", Map.of("displayname", "Anon")).status());
    }

    @Test
    void unknownAndDeactivatedUsersHaveNoProfile() {
        Login alice = user("alice");
        String server = alice.userId().substring(alice.userId().indexOf(':') + 1);
        Reply unknown = alice.http().get("/_matrix/client/v3/profile/@nobody-here:" + server);
        assertEquals(404, unknown.status(), unknown.text());
        assertEquals("M_NOT_FOUND", unknown.errcode());
        assertEquals("M_NOT_FOUND", alice.http().get("/_matrix/client/v3/profile/@nobody-here:" + server + "/displayname").errcode());
        assertEquals("M_INVALID_PARAM", alice.http().get("/_matrix/client/v3/profile/not-a-user-id").errcode());

        Login bob = user("bob");
        Map<String, Object> deactivate = new HashMap<>();
        deactivate.put("auth", Map.of("type", "m.login.password", "password", "pw",
                "identifier", Map.of("type", "m.id.user", "user", bob.userId())));
        Reply gone = bob.http().post("/_matrix/client/v3/account/deactivate", deactivate);
        assertEquals(200, gone.status(), gone.text());
        Reply profile = alice.http().get(profilePath(bob));
        assertEquals(404, profile.status(), profile.text());
        assertEquals("M_NOT_FOUND", profile.errcode());
    }

    @Test
    void capabilitiesSayProfilesCanChange() {
        Login alice = user("alice");
        JsonNode caps = alice.http().get("/_matrix/client/v3/capabilities").json().get("capabilities");
        assertTrue(caps.at("/m.set_displayname/enabled").asBoolean());
        assertTrue(caps.at("/m.profile_fields/enabled").asBoolean());
    }
}
