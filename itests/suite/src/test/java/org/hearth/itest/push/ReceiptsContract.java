package org.hearth.itest.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.WaitingPolls;
import org.junit.jupiter.api.Test;

/** Read receipts and read markers through the Client-Server API; run once per database by the subclasses. */
abstract class ReceiptsContract {

    abstract MatrixHttp http();

    Chat chat() {
        return Chat.between(http());
    }

    static Reply receipt(Login who, String roomId, String type, String eventId, Map<String, Object> body) {
        return who.http().post("/_matrix/client/v3/rooms/" + roomId + "/receipt/" + type + "/" + eventId, body);
    }

    /** The room's m.receipt content in a sync, or an empty object. */
    static JsonNode receipts(JsonNode sync, String roomId) {
        for (JsonNode e : sync.at("/rooms/join/" + roomId + "/ephemeral/events")) {
            if ("m.receipt".equals(e.path("type").asText())) {
                return e.get("content");
            }
        }
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    @Test
    void aPublicReceiptReachesTheOtherMember() {
        Chat c = chat();
        String event = Chat.send(c.alice(), c.roomId(), "hello");
        String since = Chat.sync(c.alice(), null).get("next_batch").asText();
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read", event, Map.of()).status());
        JsonNode seen = receipts(Chat.sync(c.alice(), since), c.roomId());
        JsonNode bobs = seen.at("/" + event + "/m.read/" + c.bob().userId());
        assertTrue(bobs.path("ts").isNumber(), seen.toString());
        assertFalse(bobs.has("thread_id"), "unthreaded");
        assertTrue(receipts(Chat.sync(c.alice(), null), c.roomId()).at("/" + event + "/m.read").has(c.bob().userId()),
                "an initial sync carries the current receipts");
    }

    @Test
    void aReceiptWakesTheWaitingSync() throws Exception {
        Chat c = chat();
        String event = Chat.send(c.alice(), c.roomId(), "hello");
        String since = Chat.sync(c.alice(), null).get("next_batch").asText();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> Chat.sync(c.alice(), since, 20_000));
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        receipt(c.bob(), c.roomId(), "m.read", event, Map.of());
        JsonNode woken = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(receipts(woken, c.roomId()).at("/" + event + "/m.read").has(c.bob().userId()), woken.toString());
    }

    @Test
    void privateReceiptsReachTheirOwnerOnly() {
        Chat c = chat();
        String event = Chat.send(c.alice(), c.roomId(), "hello");
        String aliceSince = Chat.sync(c.alice(), null).get("next_batch").asText();
        String bobSince = Chat.sync(c.bob(), null).get("next_batch").asText();
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read.private", event, Map.of()).status());
        assertTrue(receipts(Chat.sync(c.bob(), bobSince), c.roomId()).at("/" + event + "/m.read.private")
                .has(c.bob().userId()), "the owner sees it");
        assertFalse(receipts(Chat.sync(c.alice(), aliceSince), c.roomId()).toString().contains("m.read.private"));
        assertFalse(receipts(Chat.sync(c.alice(), null), c.roomId()).toString().contains("m.read.private"),
                "not in an initial sync either");
    }

    @Test
    void receiptsOnlyMoveForward() {
        Chat c = chat();
        String first = Chat.send(c.alice(), c.roomId(), "one");
        String second = Chat.send(c.alice(), c.roomId(), "two");
        receipt(c.bob(), c.roomId(), "m.read", second, Map.of());
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read", first, Map.of()).status());
        JsonNode current = receipts(Chat.sync(c.alice(), null), c.roomId());
        assertTrue(current.at("/" + second + "/m.read").has(c.bob().userId()), current.toString());
        assertFalse(current.has(first), current.toString());
    }

    @Test
    void threadedReceipts() {
        Chat c = chat();
        String root = Chat.send(c.alice(), c.roomId(), "root");
        String reply = Chat.send(c.alice(), c.roomId(), Map.of("msgtype", "m.text", "body", "in thread",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", root)));
        String since = Chat.sync(c.alice(), null).get("next_batch").asText();
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read", reply, Map.of("thread_id", root)).status());
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.read", root, Map.of("thread_id", "main")).status());
        JsonNode seen = receipts(Chat.sync(c.alice(), since), c.roomId());
        assertEquals(root, seen.at("/" + reply + "/m.read/" + c.bob().userId() + "/thread_id").asText(), seen.toString());
        assertEquals("main", seen.at("/" + root + "/m.read/" + c.bob().userId() + "/thread_id").asText(), seen.toString());

        assertError(400, "M_INVALID_PARAM", receipt(c.bob(), c.roomId(), "m.read", reply, Map.of("thread_id", "main")));
        assertError(400, "M_INVALID_PARAM", receipt(c.bob(), c.roomId(), "m.read", reply, Map.of("thread_id", "")));
        assertError(400, "M_INVALID_PARAM", receipt(c.bob(), c.roomId(), "m.read", reply, Map.of("thread_id", 5)));
        assertError(400, "M_INVALID_PARAM", receipt(c.bob(), c.roomId(), "m.fully_read", reply, Map.of("thread_id", root)));
    }

    @Test
    void readMarkersSetTheFullyReadMarkerAndReceipts() {
        Chat c = chat();
        String first = Chat.send(c.alice(), c.roomId(), "one");
        String second = Chat.send(c.alice(), c.roomId(), "two");
        String since = Chat.sync(c.alice(), null).get("next_batch").asText();
        Reply reply = c.bob().http().post("/_matrix/client/v3/rooms/" + c.roomId() + "/read_markers",
                Map.of("m.fully_read", first, "m.read", second));
        assertEquals(200, reply.status(), reply.text());
        Reply marker = c.bob().http().get("/_matrix/client/v3/user/" + c.bob().userId() + "/rooms/" + c.roomId()
                + "/account_data/m.fully_read");
        assertEquals(first, marker.json().path("event_id").asText(), marker.text());
        assertTrue(receipts(Chat.sync(c.alice(), since), c.roomId()).at("/" + second + "/m.read").has(c.bob().userId()));
        assertEquals(200, receipt(c.bob(), c.roomId(), "m.fully_read", second, Map.of()).status());
        assertEquals(second, c.bob().http().get("/_matrix/client/v3/user/" + c.bob().userId() + "/rooms/" + c.roomId()
                + "/account_data/m.fully_read").json().path("event_id").asText());
        assertError(400, "M_INVALID_PARAM", c.bob().http().post("/_matrix/client/v3/rooms/" + c.roomId() + "/read_markers",
                Map.of("m.read", "not-an-event")));
        assertError(400, "M_BAD_JSON", c.bob().http().post("/_matrix/client/v3/rooms/" + c.roomId() + "/read_markers",
                Map.of("m.read", 42)));
    }

    @Test
    void forbiddenReceipts() {
        Chat c = chat();
        String event = Chat.send(c.alice(), c.roomId(), "hello");
        assertError(400, "M_INVALID_PARAM", receipt(c.bob(), c.roomId(), "m.unknown", event, Map.of()));
        assertError(404, "M_NOT_FOUND", receipt(c.bob(), c.roomId(), "m.read", "$nosuchevent", Map.of()));
        assertError(400, "M_INVALID_PARAM", receipt(c.bob(), c.roomId(), "m.read", "not-an-event", Map.of()));

        Chat other = chat();
        String elsewhere = Chat.send(other.alice(), other.roomId(), "elsewhere");
        assertError(404, "M_NOT_FOUND", receipt(c.bob(), c.roomId(), "m.read", elsewhere, Map.of()));
        assertError(403, "M_FORBIDDEN", receipt(c.bob(), other.roomId(), "m.read", elsewhere, Map.of()));

        // History before a late joiner's join, in a room that shows only joined history: not theirs to read.
        Chat secret = Chat.between(http(), Map.of("preset", "private_chat", "initial_state", java.util.List.of(
                Map.of("type", "m.room.history_visibility", "state_key", "", "content", Map.of("history_visibility", "joined")))));
        String before = Chat.send(secret.alice(), secret.roomId(), "before carol");
        Login carol = secret.invite("carol");
        assertError(404, "M_NOT_FOUND", receipt(carol, secret.roomId(), "m.read", before, Map.of()));
        assertError(404, "M_NOT_FOUND", carol.http().post("/_matrix/client/v3/rooms/" + secret.roomId() + "/read_markers",
                Map.of("m.fully_read", before)));

        Chat left = chat();
        String said = Chat.send(left.alice(), left.roomId(), "bye");
        assertEquals(200, left.bob().http().post("/_matrix/client/v3/rooms/" + left.roomId() + "/leave", Map.of()).status());
        assertError(403, "M_FORBIDDEN", receipt(left.bob(), left.roomId(), "m.read", said, Map.of()));
    }

    static void assertError(int status, String errcode, Reply reply) {
        assertEquals(status, reply.status(), reply.text());
        assertEquals(errcode, reply.errcode(), reply.text());
    }
}
