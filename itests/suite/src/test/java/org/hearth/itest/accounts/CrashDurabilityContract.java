package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client was told is stored survives SIGKILL of the server process: the account, and the
 * access token handed out before the crash; a room an admin blocked.
 */
abstract class CrashDurabilityContract {

    @TempDir
    Path dir;

    /** The test configuration of the database under test. */
    abstract TestConfig config(Path dir);

    @Test
    void registeredAccountAndTokenSurviveKill() {
        TestConfig config = config(dir);
        config.set("registration.enabled", true);
        Path file = config.write();
        Accounts.Login registered;
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            registered = Accounts.register(first.http(), "zoe", "pw");
            first.kill();
        }
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            Accounts.login(second.http(), "zoe", "pw", false);
            var me = second.http().as(registered.accessToken()).get("/_matrix/client/v3/account/whoami");
            assertEquals(200, me.status(), me.text());
            assertEquals("@zoe:localhost", me.json().get("user_id").asText());
        }
    }

    @Test
    void aBlockedRoomStaysBlockedAfterKill() {
        TestConfig config = config(dir);
        String secret = "the shared secret of the crash tests";
        Path file = config.set("registration.shared_secret", secret).write();
        String block = "/_synapse/admin/v1/rooms/" + URLEncoder.encode("!kept:elsewhere.example", StandardCharsets.UTF_8)
                + "/block";
        Accounts.Login root;
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            root = Accounts.registerWithSharedSecret(first.http(), secret, "root", "root pw", true);
            assertEquals(200, root.http().put(block, Map.of("block", true)).status());
            Await.until("the block's audit line", Duration.ofSeconds(10),
                    () -> first.output().contains("hearth.audit - Room !kept:elsewhere.example blocked by @root:localhost"));
            first.kill();
        }
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            var after = second.http().as(root.accessToken()).get(block);
            assertEquals(200, after.status(), after.text());
            assertTrue(after.json().get("block").asBoolean(), after.text());
            assertEquals("@root:localhost", after.json().get("user_id").asText());
        }
    }
}
