package org.hearth.itest.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;

/** Fixtures of the module tests: users with fresh names, rooms, messages, syncs. */
final class Users {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Users() {
    }

    static Login user(MatrixHttp http, String name) {
        return Accounts.register(http, name + NEXT.incrementAndGet() + "m" + (System.nanoTime() % 10_000), "pw");
    }

    static String createRoom(Login who, Map<String, Object> body) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    static void join(Login who, String roomId) {
        Reply reply = who.http().post("/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(200, reply.status(), reply.text());
    }

    static String send(Login who, String roomId, String body) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t" + NEXT.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }

    static JsonNode sync(Login who, String since) {
        Reply reply = who.http().get("/_matrix/client/v3/sync?timeout=0" + (since == null ? "" : "&since=" + since));
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    /** The events of one type in a list of events. */
    static List<JsonNode> ofType(JsonNode events, String type) {
        List<JsonNode> out = new ArrayList<>();
        events.forEach(e -> {
            if (type.equals(e.path("type").asText())) {
                out.add(e);
            }
        });
        return out;
    }
}
