package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.testkit.Ports;
import org.hearth.testkit.ldap.TestCertificate;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fail-over, outages, StartTLS and ldaps against in-memory servers on loopback ports. */
class ConnectionsTest {
    static TestCertificate tls;
    static TestCertificate otherCa;

    @BeforeAll
    static void certificates() {
        tls = TestCertificate.create("hearth-test");
        otherCa = TestCertificate.create("someone-else");
    }

    @Test
    void failsOverToTheNextServerWhenTheFirstIsDown() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            Map<String, Object> config = ldap.openLdapConfig();
            int closed = Ports.free();
            config.put("uris", new String[] {"ldap://127.0.0.1:" + closed, ldap.uri()});
            try (Logins logins = new Logins(config)) {
                assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret"));
            }
        }
    }

    @Test
    void aDirectoryThatIsDownAnswers503QuicklyAndLocalPasswordsStillWork() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(); Logins logins = new Logins(ldap.openLdapConfig())) {
            assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret"));
            logins.users.add(Logins.user("admin"), true);
            ldap.stop();

            long start = System.nanoTime();
            MatrixException down = assertThrows(MatrixException.class, () -> logins.login("alice", "alice-secret"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(503, down.status());
            assertEquals("M_UNKNOWN", down.errcode());
            assertEquals("directory unavailable", down.getMessage());
            assertTrue(took.toMillis() < 3000, "answered in " + took.toMillis() + " ms");
            assertInstanceOf(AuthResult.NotMine.class, logins.login("admin", "whatever"), "left to the local password");

            ldap.restart();
            assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret"), "pool recovered");
        }
    }

    @Test
    void withoutLocalFallbackEveryLoginAnswers503WhileDown() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            Map<String, Object> config = ldap.openLdapConfig();
            config.put("allow_local_fallback", false);
            try (Logins logins = new Logins(config)) {
                logins.users.add(Logins.user("admin"), true);
                ldap.stop();
                assertEquals(503, assertThrows(MatrixException.class, () -> logins.login("admin", "pw")).status());
            }
        }
    }

    @Test
    void theBundleStartsWhileTheDirectoryIsDown() throws Exception {
        Map<String, Object> config;
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            config = ldap.openLdapConfig();
        }
        try (Logins logins = new Logins(config)) {
            assertEquals(503, assertThrows(MatrixException.class, () -> logins.login("alice", "alice-secret")).status());
        }
    }

    @Test
    void startTlsWithTheConfiguredCa() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(tls)) {
            Map<String, Object> config = ldap.openLdapConfig();
            config.put("uris", new String[] {"ldap://localhost:" + ldap.port()});
            config.put("start_tls", true);
            config.put("ca_file", tls.caFile().toString());
            try (Logins logins = new Logins(config)) {
                assertInstanceOf(AuthResult.Accepted.class, logins.login("alice", "alice-secret"));
            }
            config.put("ca_file", otherCa.caFile().toString());
            try (Logins logins = new Logins(config)) {
                assertEquals(503, assertThrows(MatrixException.class, () -> logins.login("alice", "alice-secret")).status());
            }
        }
    }

    @Test
    void ldapsWithTheConfiguredCaAndAWrongCaFailsCleanly() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap(tls)) {
            Map<String, Object> config = ldap.openLdapConfig();
            config.put("uris", new String[] {ldap.ldapsUri()});
            config.put("ca_file", tls.caFile().toString());
            try (Logins logins = new Logins(config)) {
                assertInstanceOf(AuthResult.Accepted.class, logins.login("bob", "bob-secret"));
            }
            config.put("ca_file", otherCa.caFile().toString());
            try (Logins logins = new Logins(config)) {
                long start = System.nanoTime();
                assertEquals(503, assertThrows(MatrixException.class, () -> logins.login("bob", "bob-secret")).status());
                assertTrue(System.nanoTime() - start < 3_000_000_000L);
            }
        }
    }
}
