package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Filter;
import java.util.Map;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.ExternalId;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins against an Active Directory-style tree: sAMAccountName and userPrincipalName,
 * objectGUID, userAccountControl, memberOf with nested groups, and the in-chain matching rule.
 */
class ActiveDirectoryLoginTest {
    private static final String GROUPS = "OU=Groups," + TestLdapServer.AD_BASE;
    static TestLdapServer ad;

    @BeforeAll
    static void start() {
        ad = TestLdapServer.activeDirectory();
    }

    @AfterAll
    static void stop() {
        ad.close();
    }

    private static Logins logins(Map<String, Object> extra) {
        Map<String, Object> config = ad.activeDirectoryConfig();
        config.putAll(extra);
        return new Logins(config);
    }

    @Test
    void sAMAccountNameLoginLowerCasesTheLocalpartAndLinksTheObjectGuid() throws Exception {
        try (Logins logins = logins(Map.of())) {
            AuthResult.Accepted alice = assertInstanceOf(AuthResult.Accepted.class, logins.login("aadams", "alice-ad-secret"));
            assertEquals(Logins.user("aadams"), alice.userId());
            assertEquals("Alice Adams", alice.displayName());
            assertEquals("alice.adams@corp.example.org", alice.email());
            logins.admit((alice));
            assertEquals(Logins.user("aadams"),
                    logins.users.findByExternalId(new ExternalId("ldap", "0000000000000000000000000000000a")).orElseThrow());
            assertInstanceOf(AuthResult.Rejected.class, logins.login("aadams", "wrong"));
        }
    }

    @Test
    void userPrincipalNameLoginMapsToTheAccountName() throws Exception {
        try (Logins logins = logins(Map.of("attributes.login", "userPrincipalName"))) {
            AuthResult.Accepted bert = assertInstanceOf(AuthResult.Accepted.class,
                    logins.login("bbrown@corp.example.org", "bert-ad-secret"));
            assertEquals(Logins.user("bbrown"), bert.userId());
        }
    }

    @Test
    void aDisabledAccountIsRefusedEvenWithTheRightPassword() throws Exception {
        try (Logins logins = logins(Map.of())) {
            assertInstanceOf(AuthResult.Rejected.class, logins.login("ddisabled", "dora-ad-secret"));
        }
    }

    @Test
    void memberOfIsFollowedThroughNestedGroups() throws Exception {
        try (Logins logins = logins(Map.of(
                "required_groups", new String[] {"CN=Everyone," + GROUPS},
                "admin_groups", new String[] {"CN=Domain Admins," + GROUPS}))) {
            // Alice: Helpdesk, inside IT, inside Everyone
            assertEquals(Boolean.FALSE, assertInstanceOf(AuthResult.Accepted.class, logins.login("aadams", "alice-ad-secret")).admin());
            assertEquals(Boolean.TRUE, assertInstanceOf(AuthResult.Accepted.class, logins.login("bbrown", "bert-ad-secret")).admin());
            assertInstanceOf(AuthResult.Rejected.class, logins.login("ooutsider", "otto-ad-secret"));
        }
    }

    @Test
    void theInChainMatchingRuleLetsTheServerResolveNesting() throws Exception {
        try (Logins logins = logins(Map.of(
                "group_membership", "ad_chain",
                "required_groups", new String[] {"CN=IT," + GROUPS},
                "admin_groups", new String[] {"cn=domain admins," + GROUPS.toLowerCase()}))) {
            assertEquals(Boolean.FALSE, assertInstanceOf(AuthResult.Accepted.class, logins.login("aadams", "alice-ad-secret")).admin());
            assertInstanceOf(AuthResult.Rejected.class, logins.login("bbrown", "bert-ad-secret"));
            Filter chain = Filter.createExtensibleMatchFilter("memberOf", "1.2.840.113556.1.4.1941", false, "CN=IT," + GROUPS);
            assertTrue(ad.searchFilters().contains(chain), "the in-chain filter was sent: " + ad.searchFilters());
        }
    }
}
