package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code sync.group_rooms} in a running server: the directory users of a group who logged in once
 * are invited by the room manager and join; one removed from the group is kicked; a directory user
 * outside the group and a local account are left alone.
 */
class LdapGroupRoomsTest {
    private static final String GROUPS = "ou=groups," + TestLdapServer.OPENLDAP_BASE;
    static final TestLdapServer ldap = TestLdapServer.openLdap();

    @RegisterExtension
    static HearthServer server = LdapSection.openLdapServer(ldap, TestConfig::openRegistration, section -> {
        section.put("sync.interval", "1s");
        // the alias is created by the test: until then the room is unknown and skipped
        section.put("sync.group_rooms.cn=staff," + GROUPS, "#staff:localhost");
        section.put("sync.room_manager", "@manager:localhost");
    });

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void roomMembersFollowTheGroup() throws Exception {
        MatrixHttp manager = Accounts.register(server.http(), "manager", "manager-secret").http();
        Reply created = manager.post("/_matrix/client/v3/createRoom",
                Map.of("room_alias_name", "staff", "preset", "public_chat"));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().get("room_id").asText();
        MatrixHttp local = Accounts.register(server.http(), "localcarl", "carl-secret").http();
        assertEquals(200, local.post("/_matrix/client/v3/join/" + roomId, Map.of()).status());

        loggedIn("alice", "alice-secret");
        loggedIn("bob", "bob-secret"); // in staff through the nested engineers group
        loggedIn("dave", "dave-secret"); // in no group
        Set<String> all = Set.of("@manager:localhost", "@localcarl:localhost", "@alice:localhost", "@bob:localhost");
        Await.until("alice and bob to join", Duration.ofSeconds(30), () -> joined(manager, roomId).equals(all));

        ldap.server().modify("cn=engineers," + GROUPS, new Modification(ModificationType.DELETE, "member",
                "uid=bob,ou=people," + TestLdapServer.OPENLDAP_BASE));
        Set<String> withoutBob = new HashSet<>(all);
        withoutBob.remove("@bob:localhost");
        Await.until("bob to be kicked", Duration.ofSeconds(30), () -> joined(manager, roomId).equals(withoutBob));

        JsonNode bob = manager.get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/@bob:localhost").json();
        assertEquals("leave", bob.get("membership").asText());
        assertEquals("removed from directory group cn=staff," + GROUPS, bob.get("reason").asText());
        assertEquals(404, manager.get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/@dave:localhost")
                .status(), "dave, outside the group, was never invited");
    }

    private static void loggedIn(String name, String password) {
        Reply login = LdapSection.login(server.http(), name, password);
        assertEquals(200, login.status(), login.toString());
    }

    private static Set<String> joined(MatrixHttp member, String roomId) {
        Set<String> users = new HashSet<>();
        member.get("/_matrix/client/v3/rooms/" + roomId + "/joined_members").json().get("joined").fieldNames()
                .forEachRemaining(users::add);
        return users;
    }
}
