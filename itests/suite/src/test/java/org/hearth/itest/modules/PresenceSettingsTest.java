package org.hearth.itest.modules;

import static org.hearth.itest.modules.PresenceContract.presenceOf;
import static org.hearth.itest.modules.PresenceContract.statusPath;
import static org.hearth.itest.modules.PresenceContract.syncWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Presence's settings: the idle timeout (the test bundle's clock moves on) and presence turned off. */
class PresenceSettingsTest {

    @RegisterExtension
    static HearthServer idle = HearthServer.with(c -> c.openRegistration().set("presence.idle_after_minutes", 2))
            .deploying(TestBundles.echo());

    @RegisterExtension
    static HearthServer off = HearthServer.with(c -> c.openRegistration().set("presence.enabled", false));

    @Test
    void anOnlineUserWithoutActivityBecomesUnavailable() {
        Await.until("the test clock", Duration.ofSeconds(20), () -> advance(0).status() == 200);
        Login alice = Users.user(idle.http(), "alice");
        Login bob = Users.user(idle.http(), "bob");
        String roomId = Users.createRoom(alice, Map.of("preset", "public_chat"));
        Users.join(bob, roomId);
        syncWith(alice, null, "online");
        String since = syncWith(bob, null, "offline").get("next_batch").asText();
        assertEquals("online", bob.http().get(statusPath(alice)).json().get("presence").asText());

        assertEquals(200, advance(3 * 60_000).status());
        JsonNode status = bob.http().get(statusPath(alice)).json();
        assertEquals("unavailable", status.get("presence").asText(), status.toString());
        Await.until("the idle sweep", Duration.ofSeconds(20), () -> {
            JsonNode seen = presenceOf(syncWith(bob, since, "offline"), alice);
            return seen != null && "unavailable".equals(seen.get("presence").asText());
        });
        Users.send(alice, roomId, "back at my desk");
        assertEquals("online", bob.http().get(statusPath(alice)).json().get("presence").asText(), "sending is activity");
    }

    @Test
    void presenceTurnedOffIsNeverShared() {
        Login alice = Users.user(off.http(), "alice");
        Login bob = Users.user(off.http(), "bob");
        String roomId = Users.createRoom(alice, Map.of("preset", "public_chat"));
        Users.join(bob, roomId);
        String since = syncWith(bob, null, "offline").get("next_batch").asText();
        assertEquals(200, alice.http().put(statusPath(alice), Map.of("presence", "online", "status_msg", "here")).status());
        syncWith(alice, null, "online");
        assertEquals("offline", bob.http().get(statusPath(alice)).json().get("presence").asText());
        assertEquals(0, syncWith(bob, since, "offline").at("/presence/events").size());
        assertEquals(0, syncWith(alice, null, "online").at("/presence/events").size());
    }

    private static Reply advance(long ms) {
        return idle.http().post("/_hearth/test/clock", Map.of("advance_ms", ms));
    }
}
