package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The directory sync inside a running server: a user removed from the directory is deactivated
 * (core revokes their access tokens); the link from the account to its entry is kept by
 * storage's ExternalIdStore.
 */
class LdapSyncTest {
    static final TestLdapServer ldap = TestLdapServer.openLdap();

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> {
        Map<String, Object> section = ldap.openLdapConfig();
        section.put("sync.interval", "1s");
        LdapSection.write(c, section);
    }).deploying(TestBundles.authLdap());

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void aUserRemovedFromTheDirectoryIsDeactivated() throws Exception {
        MatrixHttp alice = asUser(LdapSection.login(server.http(), "alice", "alice-secret"));
        MatrixHttp bob = asUser(LdapSection.login(server.http(), "bob", "bob-secret"));

        ldap.server().delete("uid=bob,ou=people," + TestLdapServer.OPENLDAP_BASE);
        Await.until("the sync to deactivate bob", Duration.ofSeconds(30),
                () -> bob.get("/_matrix/client/v3/account/whoami").status() == 401);
        assertEquals(403, LdapSection.login(server.http(), "bob", "bob-secret").status());
        assertEquals(200, alice.get("/_matrix/client/v3/account/whoami").status(), "alice is still in the directory");
    }

    private static MatrixHttp asUser(Reply login) {
        assertEquals(200, login.status(), login.toString());
        return server.http().as(login.json().get("access_token").asText());
    }
}
