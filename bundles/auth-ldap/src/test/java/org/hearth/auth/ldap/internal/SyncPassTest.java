package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.List;
import java.util.Map;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.ExternalId;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.Test;

/** The directory sync deactivates accounts whose entries were removed or disabled. */
class SyncPassTest {

    /** Logs each user in once, as core would create their accounts. */
    private static void logIn(Logins logins, String name, String password) throws Exception {
        logins.admit((assertInstanceOf(AuthResult.Accepted.class, logins.login(name, password))));
    }

    private static SyncPass sync(Logins logins) {
        return new SyncPass(logins.directory, logins.users);
    }

    @Test
    void removedEntriesAreDeactivatedAndUnlinked() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(); Logins logins = new Logins(ldap.openLdapConfig())) {
            logIn(logins, "alice", "alice-secret");
            logIn(logins, "bob", "bob-secret");
            assertEquals(new SyncPass.Result(5, 2, 0), sync(logins).run(), "nothing changed yet");

            ldap.server().delete("uid=bob,ou=people," + TestLdapServer.OPENLDAP_BASE);
            assertEquals(1, sync(logins).run().deactivated());
            assertEquals(List.of("@bob:example.org LDAP sync: removed from the directory"), logins.users.deactivations);
            assertEquals(1, logins.users.externalIds("ldap").size());
            assertFalse(logins.users.account(Logins.user("alice")).orElseThrow().deactivated());

            assertEquals(0, sync(logins).run().deactivated(), "a second run has nothing left to do");
        }
    }

    @Test
    void disabledActiveDirectoryAccountsAreDeactivated() throws Exception {
        try (TestLdapServer ad = TestLdapServer.activeDirectory(); Logins logins = new Logins(ad.activeDirectoryConfig())) {
            logIn(logins, "aadams", "alice-ad-secret");
            logIn(logins, "bbrown", "bert-ad-secret");
            ad.server().modify("CN=Bert Brown,OU=Users," + TestLdapServer.AD_BASE,
                    new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
            assertEquals(1, sync(logins).run().deactivated());
            assertEquals(List.of("@bbrown:example.org LDAP sync: disabled in the directory"), logins.users.deactivations);
        }
    }

    @Test
    void entriesAreFoundAgainByTheirStableId() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(); Logins logins = new Logins(ldap.openLdapConfig())) {
            DirectoryUser alice = logins.directory.find("alice").orElseThrow();
            assertEquals(alice.dn(), logins.directory.findById(alice.id()).orElseThrow().dn());
            assertEquals(alice.dn(), logins.directory.findById("dn:" + alice.dn()).orElseThrow().dn());
            assertTrue(logins.directory.findById("dn:uid=gone,ou=people," + TestLdapServer.OPENLDAP_BASE).isEmpty());
            assertTrue(logins.directory.findById("00000000-0000-0000-0000-000000000000").isEmpty());
        }
        try (TestLdapServer ad = TestLdapServer.activeDirectory(); Logins logins = new Logins(ad.activeDirectoryConfig())) {
            DirectoryUser dora = logins.directory.findById("0000000000000000000000000000000d").orElseThrow();
            assertTrue(dora.disabled());
        }
    }

    @Test
    void aDirectoryListingNoUserDeactivatesNobody() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            Map<String, Object> config = ldap.openLdapConfig();
            try (Logins logins = new Logins(config)) {
                logIn(logins, "alice", "alice-secret");
            }
            config.put("base_dn", "ou=groups," + TestLdapServer.OPENLDAP_BASE);
            try (Logins misconfigured = new Logins(config)) {
                misconfigured.users.add(Logins.user("alice"), false);
                misconfigured.users.link(new ExternalId("ldap", "x"), Logins.user("alice"));
                assertEquals(0, sync(misconfigured).run().deactivated());
                assertTrue(misconfigured.users.deactivations.isEmpty());
            }
        }
    }

    @Test
    void aDirectoryThatIsDownDeactivatesNobody() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(); Logins logins = new Logins(ldap.openLdapConfig())) {
            logIn(logins, "alice", "alice-secret");
            ldap.stop();
            assertThrows(DirectoryUnavailableException.class, () -> sync(logins).run());
            assertTrue(logins.users.deactivations.isEmpty());
        }
    }

    @Test
    void pagesThroughLargeDirectories() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(); Logins logins = new Logins(ldap.openLdapConfig())) {
            for (int i = 0; i < 1200; i++) {
                ldap.server().add("dn: uid=user" + i + ",ou=people," + TestLdapServer.OPENLDAP_BASE,
                        "objectClass: inetOrgPerson", "uid: user" + i, "cn: User " + i, "sn: " + i);
            }
            logIn(logins, "alice", "alice-secret");
            assertEquals(1205, sync(logins).run().entries());
        }
    }
}
