package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's {@code last_seen_ts} ("Device management"): requests are noted in memory and written
 * in batches, so the device endpoints must show a sighting before it is written, and a server
 * that stops writes what it noted. The batched write itself is a store contract
 * ({@code renameAndTouchChangeOneDevice}) on both databases.
 */
class DeviceLastSeenTest {
    @TempDir
    Path dir;

    @Test
    void aRequestIsTheDevicesLastSightingAtOnceAndAfterARestart() {
        TestConfig config = new TestConfig(dir);
        config.set("registration.enabled", true);
        Path file = config.write();
        Accounts.Login phone;
        Accounts.Login laptop;
        long laptopLoggedIn;
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            phone = Accounts.register(first.http(), "lena", "pw");
            // Logging in hashes a password, so the laptop's login is later than the phone's.
            laptop = Accounts.login(first.http(), "lena", "pw", false);
            laptopLoggedIn = lastSeen(laptop.http(), laptop.deviceId());
            assertEquals(200, phone.http().get("/_matrix/client/v3/account/whoami").status());

            long phoneSeen = lastSeen(laptop.http(), phone.deviceId());
            assertTrue(phoneSeen >= laptopLoggedIn,
                    "the phone's request after the laptop's login is its last sighting: " + phoneSeen + " < " + laptopLoggedIn);
            assertEquals(phoneSeen, phone.http().get("/_matrix/client/v3/devices/" + phone.deviceId()).json()
                    .get("last_seen_ts").asLong(), "one device's endpoint shows it too");
        } // a clean stop
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            long phoneSeen = lastSeen(second.http().as(laptop.accessToken()), phone.deviceId());
            assertTrue(phoneSeen >= laptopLoggedIn, "written before the server stopped: " + phoneSeen);
        }
    }

    /** The device's {@code last_seen_ts} in the user's device list, read with the given session. */
    private static long lastSeen(MatrixHttp http, String deviceId) {
        for (JsonNode device : http.get("/_matrix/client/v3/devices").json().get("devices")) {
            if (device.get("device_id").asText().equals(deviceId)) {
                return device.get("last_seen_ts").asLong();
            }
        }
        throw new AssertionError("no device " + deviceId);
    }
}
