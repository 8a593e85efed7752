package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.hearth.testkit.ldap.TestCertificate;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ldaps to a server whose certificate the configured CA did not sign: a clean 503, never a login. */
class LdapWrongCaTest {
    static final TestLdapServer ldap = TestLdapServer.openLdap(TestCertificate.create("directory"));
    static final TestCertificate otherCa = TestCertificate.create("not-the-directory");

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> {
        Map<String, Object> section = ldap.openLdapConfig();
        section.put("uris", new String[] {ldap.ldapsUri()});
        section.put("ca_file", otherCa.caFile().toString());
        LdapSection.write(c, section);
        c.set("registration.enabled", true);
    }).deploying(TestBundles.authLdap());

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void anUntrustedCertificateFailsCleanly() {
        Accounts.register(server.http(), "localadmin", "local password");
        Reply reply = LdapSection.login(server.http(), "alice", "alice-secret");
        assertEquals(503, reply.status(), reply.toString());
        assertEquals("M_UNKNOWN", reply.errcode());
        assertEquals(200, LdapSection.login(server.http(), "localadmin", "local password").status());
    }
}
