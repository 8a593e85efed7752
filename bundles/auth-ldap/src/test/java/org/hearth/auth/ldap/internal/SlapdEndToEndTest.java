package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.auth.AuthResult;
import org.hearth.testkit.ldap.TestCertificate;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real OpenLDAP slapd: StartTLS with the test CA, search-then-bind as the
 * root DN, nested groupOfNames, injection attempts, and a sync after {@code ldapdelete}.
 */
class SlapdEndToEndTest {
    private static final String GROUPS = "ou=groups,dc=example,dc=org";
    static TestCertificate tls;
    static Slapd slapd;

    @BeforeAll
    static void start() throws Exception {
        Slapd.requireInstalled();
        tls = TestCertificate.create("slapd");
        slapd = Slapd.start(tls, TestLdapServer.openLdapTree());
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("uris", new String[] {slapd.uri()});
        c.put("start_tls", true);
        c.put("ca_file", tls.caFile().toString());
        c.put("base_dn", "ou=people,dc=example,dc=org");
        c.put("bind_dn", Slapd.ROOT_DN);
        c.put("bind_password", Slapd.ROOT_PASSWORD);
        c.put("user_filter", "(objectClass=inetOrgPerson)");
        c.put("group_base_dn", GROUPS);
        c.put("required_groups", new String[] {"cn=staff," + GROUPS});
        c.put("admin_groups", new String[] {"cn=admins," + GROUPS});
        return c;
    }

    @Test
    void logsInOverStartTlsWithGroupsAndSyncsARemoval() throws Exception {
        try (Logins logins = new Logins(config())) {
            AuthResult.Accepted alice = assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret"));
            assertEquals("Alice Liddell", alice.displayName());
            assertEquals("alice@example.org", alice.email());
            assertEquals(Boolean.TRUE, alice.admin());
            AuthResult.Accepted bob = assertInstanceOf(AuthResult.Accepted.class, logins.login("bob", "bob-secret"));
            assertEquals(Boolean.FALSE, bob.admin(), "bob is staff through the nested engineers group");
            assertInstanceOf(AuthResult.Rejected.class, logins.login("dave", "dave-secret"), "not in staff");
            assertInstanceOf(AuthResult.Rejected.class, logins.login("alice", "wrong"));
            assertInstanceOf(AuthResult.NotMine.class, logins.login("nobody", "alice-secret"));
            for (String name : List.of("*", ")(uid=*", "\\", "alice)(|(uid=*")) {
                assertInstanceOf(AuthResult.NotMine.class, logins.login(name, "alice-secret"), name);
            }
            assertInstanceOf(AuthResult.Rejected.class, logins.login("alice", ""));

            logins.admit((alice));
            logins.admit((bob));
            slapd.ldapTool("/usr/bin/ldapdelete", "uid=bob,ou=people,dc=example,dc=org");
            assertEquals(1, new SyncPass(logins.directory, logins.users).run().deactivated());
            assertTrue(logins.users.account(bob.userId()).orElseThrow().deactivated());
            assertTrue(!logins.users.account(alice.userId()).orElseThrow().deactivated());
        }
    }
}
