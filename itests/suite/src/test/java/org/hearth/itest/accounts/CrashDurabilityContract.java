package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client was told is stored survives SIGKILL of the server process: the account, and the
 * access token handed out before the crash.
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
}
