package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Filter;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.ExternalId;
import org.hearth.api.auth.Credentials;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logins against an OpenLDAP-style tree (inetOrgPerson, groupOfNames) over TCP. */
class OpenLdapLoginTest {
    private static final String GROUPS = "ou=groups," + TestLdapServer.OPENLDAP_BASE;
    static TestLdapServer ldap;

    @BeforeAll
    static void start() {
        ldap = TestLdapServer.openLdap();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    private static Logins logins(Map<String, Object> extra) {
        Map<String, Object> config = ldap.openLdapConfig();
        config.putAll(extra);
        return new Logins(config);
    }

    @Test
    void firstLoginReturnsTheProfileAndLinksTheEntry() throws Exception {
        try (Logins logins = logins(Map.of())) {
            AuthResult.Accepted alice = assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret"));
            assertEquals(Logins.user("alice"), alice.userId());
            assertEquals("Alice Liddell", alice.displayName());
            assertEquals("alice@example.org", alice.email());
            assertNull(alice.admin(), "no admin_groups: the admin flag is left alone");
            String entryUuid = logins.directory.find("alice").orElseThrow().id();
            assertTrue(entryUuid.matches("[0-9a-f-]{36}"), entryUuid);
            logins.admit((alice));
            assertEquals(Logins.user("alice"), logins.users.findByExternalId(new ExternalId("ldap", entryUuid)).orElseThrow());
        }
    }

    @Test
    void wrongPasswordIsRejectedAndUnknownUserIsLeftToLocalAccounts() throws MatrixException {
        try (Logins logins = logins(Map.of())) {
            assertInstanceOf(AuthResult.Rejected.class, logins.login("alice", "wrong"));
            assertInstanceOf(AuthResult.NotMine.class, logins.login("mallory", "alice-secret"));
        }
        try (Logins strict = logins(Map.of("allow_local_fallback", false))) {
            assertInstanceOf(AuthResult.Rejected.class, strict.login("mallory", "alice-secret"));
        }
    }

    @Test
    void anUnknownNameCostsABindLikeAWrongPassword() throws MatrixException {
        try (Logins logins = logins(Map.of())) {
            logins.login("mallory", "guess");
            assertEquals("cn=hearth-no-such-user," + TestLdapServer.OPENLDAP_BASE,
                    ldap.bindDns().get(ldap.bindDns().size() - 1));
            logins.login("alice", "guess");
            assertEquals("uid=alice,ou=people," + TestLdapServer.OPENLDAP_BASE, ldap.bindDns().get(ldap.bindDns().size() - 1));
        }
    }

    @Test
    void emptyPasswordNeverReachesTheDirectory() throws MatrixException {
        try (Logins logins = logins(Map.of())) {
            int searches = ldap.searchFilters().size();
            int binds = ldap.bindDns().size();
            assertInstanceOf(AuthResult.Rejected.class, logins.login("alice", ""));
            assertInstanceOf(AuthResult.Rejected.class, logins.authenticator.authenticate(
                    new Credentials(LdapAuthenticator.PASSWORD, Logins.user("alice"), null, "127.0.0.1")));
            assertEquals(searches, ldap.searchFilters().size());
            assertEquals(binds, ldap.bindDns().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", ")(uid=*", "\\", "alice)(|(uid=*", "*)(objectClass=*", "alice\\00"})
    void filterCharactersInTheNameAreValuesNotFilterSyntax(String name) throws MatrixException {
        try (Logins logins = logins(Map.of("allow_local_fallback", false))) {
            assertInstanceOf(AuthResult.Rejected.class, logins.login(name, "alice-secret"));
            Filter sent = ldap.searchFilters().get(ldap.searchFilters().size() - 1);
            Filter expected = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                    Filter.createEqualityFilter("uid", name));
            assertEquals(expected, sent);
            assertTrue(sent.toString().endsWith("(uid=" + Filter.encodeValue(name) + "))"), sent.toString());
        }
    }

    @Test
    void localpartIsLowerCasedAndInvalidOnesAreRefused() throws MatrixException {
        try (Logins logins = logins(Map.of())) {
            AuthResult.Accepted carol = assertInstanceOf(AuthResult.Accepted.class, logins.login("carol", "carol-secret"));
            assertEquals(Logins.user("carol"), carol.userId());
            assertNull(carol.email());
            assertInstanceOf(AuthResult.Rejected.class, logins.login("eve#1", "bad-secret"));
        }
    }

    @Test
    void requiredGroupsFollowNestingAndAdminGroupsSetTheFlag() throws MatrixException {
        try (Logins logins = logins(Map.of(
                "required_groups", new String[] {"cn=staff," + GROUPS},
                "admin_groups", new String[] {"cn=admins," + GROUPS}))) {
            assertEquals(Boolean.TRUE, assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret")).admin());
            // bob is in engineers, nested in staff (engineers and loop contain each other)
            assertEquals(Boolean.FALSE, assertInstanceOf(AuthResult.Accepted.class, logins.login("bob", "bob-secret")).admin());
            assertInstanceOf(AuthResult.Rejected.class, logins.login("dave", "dave-secret"));
        }
    }

    @Test
    void anAccountWithALocalPasswordIsNotTakenOverByTheDirectory() throws MatrixException {
        try (Logins logins = logins(Map.of())) {
            logins.users.add(Logins.user("alice"), true);
            assertInstanceOf(AuthResult.NotMine.class, logins.login("alice", "alice-secret"));
        }
    }

    @Test
    void directBindWithADnTemplate() throws MatrixException {
        Map<String, Object> config = ldap.openLdapConfig();
        config.remove("bind_dn");
        config.remove("bind_password");
        config.put("bind_dn_template", "uid={username},ou=people," + TestLdapServer.OPENLDAP_BASE);
        config.put("required_groups", new String[] {"cn=staff," + GROUPS});
        try (Logins logins = new Logins(config)) {
            AuthResult.Accepted bob = assertInstanceOf(AuthResult.Accepted.class, logins.login("bob", "bob-secret"));
            assertEquals("Bob Builder", bob.displayName());
            assertInstanceOf(AuthResult.NotMine.class, logins.login("bob", "wrong"));
            assertInstanceOf(AuthResult.Rejected.class, logins.login("dave", "dave-secret"));
            // DN syntax in the name is escaped into the RDN value, not parsed
            assertInstanceOf(AuthResult.NotMine.class, logins.login("bob,ou=people", "bob-secret"));
        }
    }

    @Test
    void otherLoginTypesAreNotMine() throws MatrixException {
        try (Logins logins = logins(Map.of())) {
            assertEquals(java.util.Set.of("m.login.password"), logins.authenticator.loginTypes());
            assertInstanceOf(AuthResult.NotMine.class, logins.authenticator.authenticate(
                    new Credentials("m.login.token", Logins.user("alice"), "alice-secret", "127.0.0.1")));
        }
    }
}
