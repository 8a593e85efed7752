package org.hearth.itest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;

/**
 * Rate limits ({@code rate_limits:}): messages, room creation and
 * passwords tried through user-interactive authentication get 429 {@code M_LIMIT_EXCEEDED} with
 * {@code retry_after_ms}; a user in {@code exempt_users} never does. Registration and login are
 * opened wide so that the tests can make their users. Run once per database by the subclasses.
 */
abstract class RateLimitsContract {
    static final String EXEMPT = "exempt";
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract MatrixHttp http();

    /**
     * Limits on, as shipped, except: registration and login wide open, for making test users; the
     * refill of messages and password checks slowed down, so that a loaded machine answering
     * slowly cannot refill the bucket while a test empties it.
     */
    static TestConfig limitsOn(TestConfig config) {
        return config.set("registration.enabled", true)
                .set("rate_limits.enabled", true)
                .set("rate_limits.message.per_second", 1)
                .set("rate_limits.password_check.per_second", 0.01)
                .set("rate_limits.registration.burst", 10_000)
                .set("rate_limits.login.burst", 10_000)
                .set("rate_limits.exempt_users", List.of("@" + EXEMPT + ":localhost"));
    }

    Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet(), "pw");
    }

    static void limited(Reply reply) {
        assertEquals(429, reply.status(), reply.text());
        assertEquals("M_LIMIT_EXCEEDED", reply.errcode());
        assertTrue(reply.json().path("retry_after_ms").asLong() > 0, reply.text());
    }

    static String room(Login who) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", Map.of());
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    /** Sends {@code count} messages as fast as possible; the answers' statuses. */
    static List<Integer> burst(Login who, String roomId, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/b" + NEXT.incrementAndGet(),
                    Map.of("msgtype", "m.text", "body", "m" + i));
            if (reply.status() == 429) {
                limited(reply);
            }
            return reply.status();
        }).toList();
    }

    @Test
    void rapidMessagesGet429WithRetryAfter() {
        Login alice = user("chatty");
        List<Integer> statuses = burst(alice, room(alice), 200);
        long ok = statuses.stream().filter(s -> s == 200).count();
        long limited = statuses.stream().filter(s -> s == 429).count();
        assertEquals(200, ok + limited, statuses.toString());
        assertTrue(ok >= 50, "the burst of 50 goes through: " + ok);
        assertTrue(limited > 0, "then 429: " + statuses);
    }

    @Test
    void roomCreationGets429() {
        Login alice = user("builder");
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            Reply reply = alice.http().post("/_matrix/client/v3/createRoom", Map.of());
            if (reply.status() == 429) {
                limited(reply);
                limited++;
            } else {
                assertEquals(200, reply.status(), reply.text());
            }
        }
        assertTrue(limited >= 10, "burst 10 at 0.2/s: most of 30 are refused, got " + limited);
    }

    @Test
    void passwordsTriedThroughInteractiveAuthAreLimitedPerUserAndPerAddress() {
        Login alice = user("guesser");
        Login bob = user("neighbour");
        Map<String, Object> wrong = Map.of("type", "m.login.password", "password", "wrong",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId()));
        // five tries (the burst), through every endpoint that checks a password
        List<Reply> tries = List.of(
                alice.http().post("/_matrix/client/v3/account/password", Map.of("new_password", "x", "auth", wrong)),
                alice.http().post("/_matrix/client/v3/account/password", Map.of("new_password", "x", "auth", wrong)),
                alice.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth", wrong)),
                alice.http().send("DELETE", "/_matrix/client/v3/devices/" + alice.deviceId(),
                        json(Map.of("auth", wrong))),
                alice.http().post("/_matrix/client/v3/delete_devices", Map.of("devices", List.of(alice.deviceId()), "auth", wrong)));
        for (Reply reply : tries) {
            assertEquals(401, reply.status(), reply.text());
            assertEquals("M_FORBIDDEN", reply.errcode(), "a wrong password: " + reply.text());
        }
        limited(alice.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth", wrong)));
        // the right password does not get around it either
        Map<String, Object> right = Map.of("type", "m.login.password", "password", "pw",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId()));
        limited(alice.http().post("/_matrix/client/v3/account/password", Map.of("new_password", "x", "auth", right)));
        // another user from the same address meets the address's limit
        limited(bob.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth",
                Map.of("type", "m.login.password", "password", "wrong",
                        "identifier", Map.of("type", "m.id.user", "user", bob.userId())))));
        assertEquals(200, alice.http().get("/_matrix/client/v3/account/whoami").status(), "nothing was changed");
    }

    @Test
    void anExemptUserIsNeverLimited() {
        Login bot = Accounts.register(http(), EXEMPT, "pw");
        assertEquals("@" + EXEMPT + ":localhost", bot.userId());
        String roomId = room(bot);
        assertTrue(burst(bot, roomId, 200).stream().allMatch(s -> s == 200), "no 429 for an exempt user");
        for (int i = 0; i < 15; i++) {
            room(bot);
        }
    }

    private static byte[] json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
