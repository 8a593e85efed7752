package org.hearth.itest.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;

/** Alice's room with Bob joined: the fixture of the receipt and push tests. */
record Chat(MatrixHttp http, Login alice, Login bob, String roomId) {
    private static final AtomicInteger NEXT = new AtomicInteger();

    static Login user(MatrixHttp http, String name) {
        return Accounts.register(http, name + NEXT.incrementAndGet() + "p" + (System.nanoTime() % 10_000), "pw");
    }

    static Chat between(MatrixHttp http) {
        return between(http, Map.of("preset", "private_chat"));
    }

    static Chat between(MatrixHttp http, Map<String, Object> createBody) {
        Login alice = user(http, "alice");
        Reply created = alice.http().post("/_matrix/client/v3/createRoom", createBody);
        assertEquals(200, created.status(), created.text());
        Chat chat = new Chat(http, alice, null, created.json().get("room_id").asText());
        return new Chat(http, alice, chat.invite("bob"), chat.roomId());
    }

    /** A new user, invited by Alice and joined. */
    Login invite(String name) {
        Login who = user(http, name);
        Reply invited = alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/invite", Map.of("user_id", who.userId()));
        assertEquals(200, invited.status(), invited.text());
        Reply joined = who.http().post("/_matrix/client/v3/rooms/" + roomId + "/join", Map.of());
        assertEquals(200, joined.status(), joined.text());
        return who;
    }

    static String send(Login who, String roomId, String body) {
        return send(who, roomId, Map.of("msgtype", "m.text", "body", body));
    }

    static String send(Login who, String roomId, Map<String, Object> content) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/p" + NEXT.incrementAndGet()
                + "n" + System.nanoTime(), content);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }

    static JsonNode sync(Login who, String since) {
        return sync(who, since, 0);
    }

    static JsonNode sync(Login who, String since, int timeoutMs) {
        Reply reply = who.http().get("/_matrix/client/v3/sync?timeout=" + timeoutMs + (since == null ? "" : "&since=" + since));
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }
}
