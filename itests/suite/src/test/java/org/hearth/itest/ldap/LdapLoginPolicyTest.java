package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.Reply;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Directory logins through {@code POST /login} of a running server: accounts created at the
 * first login with the directory's display name, group policy and admin group, and bad input.
 */
class LdapLoginPolicyTest {
    private static final String GROUPS = "ou=groups," + TestLdapServer.OPENLDAP_BASE;
    static final TestLdapServer ldap = TestLdapServer.openLdap();

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> {
        Map<String, Object> section = ldap.openLdapConfig();
        section.put("required_groups", new String[] {"cn=staff," + GROUPS});
        section.put("admin_groups", new String[] {"cn=admins," + GROUPS});
        section.put("sync.group_rooms.cn=staff," + GROUPS, "#staff:localhost");
        section.put("sync.room_manager", "@admin:localhost");
        LdapSection.write(c, section, db);
    }).deploying(TestBundles.authLdap());

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void membersLogInAndAdminGroupMembersBecomeAdmins() throws Exception {
        assertEquals("@alice:localhost", LdapSection.userId(LdapSection.login(server.http(), "alice", "alice-secret")));
        assertEquals(new LdapSection.Row(true, "Alice Liddell", false), LdapSection.account(db, "@alice:localhost"));
        // bob is in staff through the nested engineers group, and not an admin
        assertEquals("@bob:localhost", LdapSection.userId(LdapSection.login(server.http(), "Bob", "bob-secret")));
        assertEquals(new LdapSection.Row(false, "Bob Builder", false), LdapSection.account(db, "@bob:localhost"));
    }

    @Test
    void nonMembersWrongPasswordsAndUnknownNamesAllGetTheSameAnswer() {
        for (Reply reply : List.of(
                LdapSection.login(server.http(), "dave", "dave-secret"),
                LdapSection.login(server.http(), "alice", "wrong"),
                LdapSection.login(server.http(), "nobody", "alice-secret"))) {
            assertEquals(403, reply.status(), reply.toString());
            assertEquals("M_FORBIDDEN", reply.errcode());
            assertEquals("Invalid username or password", reply.json().get("error").asText());
        }
    }

    @Test
    void filterCharactersInTheNameLogNobodyIn() {
        for (String name : List.of("*", ")(uid=*", "\\", "alice)(|(uid=*", "*)(objectclass=*")) {
            Reply reply = LdapSection.login(server.http(), name, "alice-secret");
            assertEquals(403, reply.status(), name + ": " + reply);
        }
    }

    @Test
    void anEmptyPasswordIsNeverAnAnonymousBind() {
        Reply reply = LdapSection.login(server.http(), "alice", "");
        assertNotEquals(200, reply.status(), reply.toString());
    }
}
