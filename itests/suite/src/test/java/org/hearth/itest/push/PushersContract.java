package org.hearth.itest.push;

import static org.hearth.itest.push.ReceiptsContract.assertError;
import static org.hearth.itest.push.ReceiptsContract.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pushers, delivery to a push gateway on this machine (the servers of the subclasses allow
 * private addresses) and {@code /notifications}; run once per database by the subclasses.
 */
abstract class PushersContract {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Well under what a gateway that never answers costs one notification: 4 attempts × 10 s. */
    private static final Duration PROMPTLY = Duration.ofSeconds(8);
    /** push.attempts, by default. */
    static final int ATTEMPTS = 4;
    PushGatewayStub gateway;

    abstract MatrixHttp http();

    @BeforeEach
    void startGateway() {
        gateway = new PushGatewayStub();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    Map<String, Object> pusher(String pushkey, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", "http", "app_id", "org.example.app", "pushkey", pushkey,
                "app_display_name", "Example", "device_display_name", "Phone", "lang", "en",
                "data", Map.of("url", gateway.url(), "custom", "kept")));
        body.putAll(extra);
        return body;
    }

    static Reply set(Login who, Map<String, Object> body) {
        return who.http().post("/_matrix/client/v3/pushers/set", body);
    }

    static JsonNode pushers(Login who) {
        return who.http().get("/_matrix/client/v3/pushers").json().get("pushers");
    }

    @Test
    void pushersAreSetListedReplacedAndDeleted() {
        Login bob = Chat.user(http(), "bob");
        assertEquals(200, set(bob, pusher("key1", Map.of("profile_tag", "tag"))).status());
        JsonNode listed = pushers(bob);
        assertEquals(1, listed.size());
        JsonNode p = listed.get(0);
        assertEquals("key1", p.get("pushkey").asText());
        assertEquals("http", p.get("kind").asText());
        assertEquals("org.example.app", p.get("app_id").asText());
        assertEquals("Example", p.get("app_display_name").asText());
        assertEquals("Phone", p.get("device_display_name").asText());
        assertEquals("tag", p.get("profile_tag").asText());
        assertEquals("en", p.get("lang").asText());
        assertEquals(gateway.url(), p.at("/data/url").asText());

        assertEquals(200, set(bob, pusher("key1", Map.of("device_display_name", "Tablet"))).status());
        assertEquals("Tablet", pushers(bob).get(0).get("device_display_name").asText(), "replaced, not added");

        Login carol = Chat.user(http(), "carol");
        assertEquals(200, set(carol, pusher("key1", Map.of())).status());
        assertEquals(0, pushers(bob).size(), "the same key for another user, without append, takes it over");
        assertEquals(200, set(bob, pusher("key1", Map.of("append", true))).status());
        assertEquals(1, pushers(bob).size());
        assertEquals(1, pushers(carol).size(), "with append both keep it");

        Map<String, Object> delete = new HashMap<>(pusher("key1", Map.of()));
        delete.put("kind", null);
        assertEquals(200, set(bob, delete).status());
        assertEquals(0, pushers(bob).size());
        assertEquals(1, pushers(carol).size(), "only the user's own pusher is deleted");
    }

    @Test
    void aDevicesPushersGoWithItButNotTheCurrentDevicesOnPasswordChange() {
        Login bob = Chat.user(http(), "bob");
        Login phone = Accounts.login(http(), bob.userId(), "pw", false);
        Login tablet = Accounts.login(http(), bob.userId(), "pw", false);
        assertEquals(200, set(phone, pusher("phone-key", Map.of())).status());
        assertEquals(200, set(tablet, pusher("tablet-key", Map.of())).status());
        assertEquals(200, set(bob, pusher("own-key", Map.of())).status());
        assertEquals(3, pushers(bob).size());

        assertEquals(200, tablet.http().post("/_matrix/client/v3/logout", Map.of()).status());
        assertEquals(List.of("own-key", "phone-key"), pushkeys(bob), "logging out deletes that device's pusher");

        Map<String, Object> change = Map.of("new_password", "pw2", "auth", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", bob.userId()), "password", "pw"));
        Reply changed = bob.http().post("/_matrix/client/v3/account/password", change);
        assertEquals(200, changed.status(), changed.text());
        assertEquals(List.of("own-key"), pushkeys(bob), "the other devices were logged out, with their pushers");
    }

    private static List<String> pushkeys(Login who) {
        List<String> keys = new ArrayList<>();
        pushers(who).forEach(p -> keys.add(p.get("pushkey").asText()));
        keys.sort(null);
        return keys;
    }

    @Test
    void badPushersAreRefused() {
        Login bob = Chat.user(http(), "bob");
        for (String field : List.of("app_id", "pushkey", "app_display_name", "device_display_name", "lang", "data", "kind")) {
            Map<String, Object> body = new HashMap<>(pusher("k", Map.of()));
            body.remove(field);
            assertError(400, "M_MISSING_PARAM", set(bob, body));
        }
        assertError(400, "M_INVALID_PARAM", set(bob, pusher("k", Map.of("kind", "email"))));
        assertError(400, "M_MISSING_PARAM", set(bob, pusher("k", Map.of("data", Map.of()))));
        assertError(400, "M_INVALID_PARAM", set(bob, pusher("k", Map.of("data", Map.of("url", "http://127.0.0.1/elsewhere")))));
        assertError(400, "M_INVALID_PARAM", set(bob, pusher("k", Map.of("data", Map.of("url", "ftp://h/_matrix/push/v1/notify")))));
        assertError(400, "M_INVALID_PARAM", set(bob, pusher("k", Map.of("app_id", "a".repeat(65)))));
        assertError(400, "M_BAD_JSON", set(bob, pusher("k", Map.of("append", "yes"))));
        assertEquals(0, pushers(bob).size());
    }

    @Test
    void aNotificationReachesTheGatewayOfTheNotifiedUserOnly() {
        Chat c = Chat.between(http());
        Login carol = c.invite("carol");
        assertEquals(200, set(c.bob(), pusher("bobs-phone", Map.of())).status());
        String event = Chat.send(c.alice(), c.roomId(), "hello bob");
        Await.until("the push", WAIT, () -> !gateway.about(event).isEmpty());
        JsonNode n = gateway.about(event).get(0).get("notification");
        assertEquals(c.roomId(), n.get("room_id").asText());
        assertEquals("m.room.message", n.get("type").asText());
        assertEquals(c.alice().userId(), n.get("sender").asText());
        assertEquals("hello bob", n.at("/content/body").asText());
        assertTrue(n.at("/counts/unread").asLong() >= 1, n.toString());
        JsonNode device = n.at("/devices/0");
        assertEquals("bobs-phone", device.get("pushkey").asText());
        assertEquals("org.example.app", device.get("app_id").asText());
        assertEquals("kept", device.at("/data/custom").asText());
        assertFalse(device.get("data").has("url"), "data goes without url");
        assertTrue(device.has("tweaks"));
        assertEquals(1, gateway.about(event).size(), "Bob only: Carol has no pusher, Alice sent it");

        String own = Chat.send(c.bob(), c.roomId(), "my own");
        String afterOwn = Chat.send(carol, c.roomId(), "later");
        Await.until("the later push", WAIT, () -> !gateway.about(afterOwn).isEmpty());
        assertTrue(gateway.about(own).isEmpty(), "never for one's own events");
    }

    /** Reading clears the badge: a read receipt sends the new unread count alone, without an event. */
    @Test
    void aReadReceiptSendsTheUnreadCountAlone() {
        Chat c = Chat.between(http());
        assertEquals(200, set(c.bob(), pusher("badge", Map.of())).status());
        String event = Chat.send(c.alice(), c.roomId(), "unread until read");
        Await.until("the push", WAIT, () -> !gateway.about(event).isEmpty());
        assertTrue(gateway.about(event).get(0).at("/notification/counts/unread").asLong() >= 1);

        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read", event, Map.of()).status());
        Await.until("the badge update", WAIT, () -> badges().stream()
                .anyMatch(n -> n.at("/counts/unread").asLong(-1) == 0));
        JsonNode badge = badges().get(0);
        assertFalse(badge.has("event_id"), "only the count: " + badge);
        assertEquals("badge", badge.at("/devices/0/pushkey").asText());
    }

    private List<JsonNode> badges() {
        return gateway.received.stream().map(b -> b.get("notification")).filter(n -> !n.has("event_id")).toList();
    }

    @Test
    void aFailingGatewayIsTriedAgainAndRejectedKeysAreDeleted() {
        Chat c = Chat.between(http());
        set(c.bob(), pusher("flaky", Map.of()));
        gateway.failNext.set(2);
        String event = Chat.send(c.alice(), c.roomId(), "try again");
        Await.until("the third attempt", WAIT, () -> gateway.about(event).size() == 3);

        gateway.rejected = List.of("flaky");
        String next = Chat.send(c.alice(), c.roomId(), "rejected");
        Await.until("the push", WAIT, () -> !gateway.about(next).isEmpty());
        Await.until("the rejected pusher gone", WAIT, () -> pushers(c.bob()).isEmpty());
    }

    /**
     * One user's gateway accepts the connection and never answers: the server waits out its
     * timeout on every attempt (4 × 10 s), on that pusher's task only; another user's push still
     * goes out at once.
     */
    @Test
    void aGatewayThatNeverAnswersHoldsUpNoOtherUsersPushes() {
        try (SilentGateway silent = new SilentGateway()) {
            Chat hanging = Chat.between(http());
            Chat live = Chat.between(http());
            assertEquals(200, set(hanging.bob(), pusher("hanging", Map.of("data", Map.of("url", silent.url())))).status());
            assertEquals(200, set(live.bob(), pusher("live", Map.of())).status());
            Chat.send(hanging.alice(), hanging.roomId(), "to the gateway that never answers");
            Await.until("the hanging gateway's first connection", WAIT, () -> !silent.connections.isEmpty());

            String event = Chat.send(live.alice(), live.roomId(), "to the live gateway");
            Await.until("the live push, well before the hanging one times out", PROMPTLY,
                    () -> gateway.delivered(event));
        }
    }

    /**
     * A notification to a gateway that is down waits, stored, for the pusher's back-off to end and
     * goes out once the gateway answers again (it was dropped meanwhile before).
     */
    @Test
    void aNotificationWaitsForItsGatewayToComeBack() {
        Chat c = Chat.between(http());
        assertEquals(200, set(c.bob(), pusher("down", Map.of())).status());
        gateway.failNext.set(Integer.MAX_VALUE);
        String event = Chat.send(c.alice(), c.roomId(), "while the gateway is down");
        Await.until("every attempt of the first round", WAIT, () -> gateway.about(event).size() >= ATTEMPTS);

        gateway.failNext.set(0);
        Await.until("the push once the gateway is back", WAIT, () -> gateway.delivered(event));
        String next = Chat.send(c.alice(), c.roomId(), "afterwards");
        Await.until("the next push", WAIT, () -> gateway.delivered(next));
        assertEquals(List.of(event, next), gateway.delivered.stream().map(b -> b.at("/notification/event_id").asText())
                .filter(id -> !id.isEmpty()).toList(), "each once, in order");
    }

    @Test
    void notificationsCanBeListed() {
        Chat c = Chat.between(http());
        c.invite("carol");
        String first = Chat.send(c.alice(), c.roomId(), "one");
        String mention = Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "bob!",
                "m.mentions", Map.of("user_ids", List.of(c.bob().userId()))));
        String third = Chat.send(c.alice(), c.roomId(), "three");
        receipt(c.bob(), c.roomId(), "m.read", mention, Map.of());

        JsonNode all = c.bob().http().get("/_matrix/client/v3/notifications").json();
        JsonNode list = all.get("notifications");
        assertEquals(4, list.size(), "three messages and Bob's invite: " + all);
        assertEquals("m.room.member", list.at("/3/event/type").asText());
        assertTrue(list.at("/3/read").asBoolean(), "Bob's join read his invite");
        assertEquals(third, list.at("/0/event/event_id").asText(), "newest first");
        assertFalse(list.at("/0/read").asBoolean());
        assertTrue(list.at("/1/read").asBoolean(), "covered by the receipt");
        assertEquals(c.roomId(), list.at("/2/room_id").asText());
        assertTrue(list.at("/2/ts").asLong() > 0);
        assertTrue(list.at("/2/actions").isArray());

        JsonNode highlights = c.bob().http().get("/_matrix/client/v3/notifications?only=highlight").json();
        assertEquals(1, highlights.get("notifications").size());
        assertEquals(mention, highlights.at("/notifications/0/event/event_id").asText());

        JsonNode page = c.bob().http().get("/_matrix/client/v3/notifications?limit=2").json();
        assertEquals(2, page.get("notifications").size());
        JsonNode rest = c.bob().http().get("/_matrix/client/v3/notifications?limit=2&from="
                + page.get("next_token").asText()).json();
        assertEquals(first, rest.at("/notifications/0/event/event_id").asText());
        assertEquals(2, rest.get("notifications").size());
        assertEquals(0, c.alice().http().get("/_matrix/client/v3/notifications").json().get("notifications").size(),
                "another user's notifications are not Alice's");
        assertError(400, "M_INVALID_PARAM", c.bob().http().get("/_matrix/client/v3/notifications?from=abc"));
    }
}
