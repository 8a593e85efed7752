package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.hearth.itest.TestBundles;
import org.hearth.itest.ldap.LdapSection;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** matrix-js-sdk logs in with directory credentials through the LDAP bundle. */
class LdapLoginWithRealClientTest {
    static final TestLdapServer ldap = TestLdapServer.openLdap();

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> LdapSection.write(c, ldap.openLdapConfig()))
            .deploying(TestBundles.authLdap());

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void matrixJsSdkLogsInWithDirectoryCredentials() throws Exception {
        ClientScripts.requireJsSdk();
        JsonNode result = new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/ldap-login.mjs", server.http().base().toString(), "alice", "alice-secret")));
        assertTrue(result.get("passwordFlow").asBoolean());
        assertEquals("@alice:localhost", result.get("login").asText());
        assertEquals("@alice:localhost", result.get("whoami").asText());
    }
}
