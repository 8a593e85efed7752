package org.hearth.itest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * A hostile client against every route the running server has registered (listed by the echo
 * test bundle from the OSGi service registry, so a route added later is fuzzed too): wrong types,
 * huge and deep values, numbers Canonical JSON cannot carry, lone surrogates, NUL, over-long
 * identifiers and path traversal in path parameters, with a valid token, another user's, a bogus
 * one and none. Requirements: no 5xx, no answer that is not Matrix JSON, the server stays up, and
 * nothing malformed is stored: afterwards a member reads every room's state, messages, members
 * and events, and syncs, with 200 everywhere.
 *
 * <p>{@value #PER_ROUTE} requests per route and path template, from a fixed seed (system property
 * {@code hearth.fuzz.seed} to change it); the count is printed. Run once per database.
 */
abstract class RouteFuzzContract {
    static final int PER_ROUTE = 45;
    private static final long SEED = Long.getLong("hearth.fuzz.seed", 20261201L);

    abstract MatrixHttp http();

    private Login alice;
    private Login bob;
    private Login reader;
    private final List<String> rooms = new ArrayList<>();
    private int sent;

    /** Plausible bodies by path template, for fields to be made hostile one by one. */
    private Map<String, String> plausibleBodies() {
        String wrongAuth = "{\"type\":\"m.login.password\",\"password\":\"wrong\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\""
                + alice.userId() + "\"}}";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("/_matrix/client/v3/createRoom", "{\"name\":\"n\",\"topic\":\"t\",\"preset\":\"private_chat\",\"invite\":[\""
                + bob.userId() + "\"],\"initial_state\":[{\"type\":\"x.y\",\"state_key\":\"\",\"content\":{\"k\":1}}],"
                + "\"power_level_content_override\":{\"ban\":50},\"creation_content\":{\"m.federate\":false},\"room_version\":\"10\"}");
        bodies.put("/send/", "{\"msgtype\":\"m.text\",\"body\":\"hello\"}");
        bodies.put("/state/", "{\"topic\":\"t\",\"name\":\"n\",\"users\":{\"" + alice.userId() + "\":100},\"membership\":\"join\"}");
        bodies.put("/invite", "{\"user_id\":\"" + bob.userId() + "\",\"reason\":\"r\"}");
        bodies.put("/kick", "{\"user_id\":\"" + bob.userId() + "\",\"reason\":\"r\"}");
        bodies.put("/ban", "{\"user_id\":\"" + bob.userId() + "\",\"reason\":\"r\"}");
        bodies.put("/unban", "{\"user_id\":\"" + bob.userId() + "\",\"reason\":\"r\"}");
        bodies.put("/redact/", "{\"reason\":\"r\"}");
        bodies.put("/typing/", "{\"typing\":true,\"timeout\":1000}");
        bodies.put("/filter", "{\"room\":{\"timeline\":{\"limit\":10}},\"event_fields\":[\"content\"]}");
        bodies.put("/account_data/", "{\"k\":\"v\"}");
        bodies.put("/directory/list/room/", "{\"visibility\":\"public\"}");
        bodies.put("/directory/room/", "{\"room_id\":\"" + rooms.get(0) + "\"}");
        bodies.put("/upgrade", "{\"new_version\":\"11\"}");
        bodies.put("/login", "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"" + alice.userId()
                + "\"},\"password\":\"wrong\",\"device_id\":\"D\",\"initial_device_display_name\":\"n\"}");
        bodies.put("/register", "{\"username\":\"fz\",\"password\":\"pw\",\"auth\":{\"type\":\"m.login.dummy\"},\"device_id\":\"D\"}");
        bodies.put("/account/password", "{\"new_password\":\"x\",\"logout_devices\":false,\"auth\":" + wrongAuth + "}");
        bodies.put("/account/deactivate", "{\"auth\":" + wrongAuth + "}");
        bodies.put("/delete_devices", "{\"devices\":[\"" + alice.deviceId() + "\"],\"auth\":" + wrongAuth + "}");
        bodies.put("/devices/", "{\"display_name\":\"phone\",\"auth\":" + wrongAuth + "}");
        bodies.put("/refresh", "{\"refresh_token\":\"nope\"}");
        bodies.put("/publicRooms", "{\"limit\":10,\"since\":\"p0\",\"filter\":{\"generic_search_term\":\"x\"}}");
        bodies.put("/_synapse/admin/v1/register", "{\"nonce\":\"n\",\"username\":\"u\",\"password\":\"p\",\"mac\":\"00\"}");
        bodies.put("/join", "{\"reason\":\"r\"}");
        bodies.put("/knock/", "{\"reason\":\"r\"}");
        bodies.put("/leave", "{\"reason\":\"r\"}");
        return bodies;
    }

    private String plausibleBody(Map<String, String> bodies, String template) {
        return bodies.entrySet().stream().filter(e -> template.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("{}");
    }

    private void fixtures() {
        alice = Accounts.register(http(), "alice", "pw");
        bob = Accounts.register(http(), "bob", "pw");
        reader = Accounts.register(http(), "reader", "pw");
        for (String version : List.of("1", "10", "12")) {
            Reply created = alice.http().post("/_matrix/client/v3/createRoom", Map.of("room_version", version,
                    "preset", "public_chat", "name", "fuzz " + version));
            assertEquals(200, created.status(), created.text());
            String roomId = created.json().get("room_id").asText();
            rooms.add(roomId);
            for (Login member : List.of(bob, reader)) {
                assertEquals(200, member.http().post("/_matrix/client/v3/join/" + roomId, Map.of()).status());
            }
        }
        assertEquals(200, alice.http().put("/_matrix/client/v3/directory/room/%23fuzz:localhost",
                Map.of("room_id", rooms.get(0))).status());
    }

    private Map<String, List<String>> known() {
        List<String> events = new ArrayList<>();
        for (String roomId : rooms) {
            Reply sentMessage = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/fixture",
                    Map.of("msgtype", "m.text", "body", "fixture"));
            events.add(sentMessage.json().get("event_id").asText());
        }
        Map<String, List<String>> known = new LinkedHashMap<>();
        known.put("roomId", List.copyOf(rooms));
        known.put("roomIdOrAlias", List.of(rooms.get(0), "#fuzz:localhost", rooms.get(2)));
        known.put("roomAlias", List.of("#fuzz:localhost", "#fresh:localhost"));
        known.put("eventId", events);
        known.put("userId", List.of(alice.userId(), bob.userId()));
        known.put("eventType", List.of("m.room.message", "m.room.topic", "m.room.power_levels", "x.fuzz"));
        known.put("stateKey", List.of("", alice.userId(), "k"));
        known.put("txnId", List.of("t1", "t2", "fixture"));
        known.put("deviceId", List.of(alice.deviceId(), "NOPE"));
        known.put("type", List.of("x.fuzz", "m.direct"));
        known.put("filterId", List.of("0", "1", "2"));
        return known;
    }

    /** Every route the server serves, but the test bundle's own. */
    private List<String[]> routes() {
        Reply listed = http().get("/_hearth/test/routes");
        assertEquals(200, listed.status(), listed.text());
        List<String[]> out = new ArrayList<>();
        for (JsonNode route : listed.json().get("routes")) {
            for (JsonNode path : route.get("paths")) {
                if (!path.asText().startsWith("/_hearth/test/")) {
                    out.add(new String[] {route.get("method").asText(), path.asText()});
                }
            }
        }
        assertTrue(out.size() > 50, "the routes of core and http: " + out.size());
        return out;
    }

    @Test
    void hostileRequestsToEveryRouteGetNo5xxAndStoreNothingUnreadable() {
        Await.until("the echo bundle's route list", Duration.ofSeconds(30),
                () -> http().get("/_hearth/test/routes").status() == 200);
        fixtures();
        Map<String, List<String>> known = known();
        Map<String, String> bodies = plausibleBodies();
        HostileInput hostile = new HostileInput(SEED, known);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        List<String[]> routes = routes();
        for (String[] route : routes) {
            for (int i = 0; i < PER_ROUTE; i++) {
                // a long poll would only wait: its timeout stays short
                String path = fill(route[1], hostile) + hostile.query().replaceAll("timeout=[0-9]+", "timeout=10");
                String body = route[0].equals("GET") ? null : hostile.body(plausibleBody(bodies, route[1]));
                request(hostile, route[0], path, body, failures);
            }
        }
        System.out.printf("route fuzz (seed %d): %d route paths, %d requests in %.1f s; %d answered 5xx, %d errors not"
                        + " Matrix JSON%n", SEED, routes.size(), sent, (System.nanoTime() - started) / 1e9,
                failures.stream().filter(f -> f.startsWith("5")).count(),
                failures.stream().filter(f -> f.startsWith("not Matrix JSON")).count());
        assertTrue(failures.isEmpty(), failures.size() + " bad answers, the first:\n"
                + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
        assertEquals(200, http().get("/_matrix/client/versions").status(), "the server is up");
        everythingStoredIsReadable();
    }

    private static String fill(String template, HostileInput hostile) {
        StringBuilder out = new StringBuilder();
        for (String segment : template.substring(1).split("/", -1)) {
            out.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                out.append(hostile.segment(segment.substring(1, segment.length() - 1)));
            } else {
                out.append(segment);
            }
        }
        return out.toString();
    }

    private void request(HostileInput hostile, String method, String path, String body, List<String> failures) {
        int who = hostile.nextInt(10);
        MatrixHttp client = who < 6 ? alice.http() : who < 7 ? bob.http() : who < 8 ? http().as("bogus-token") : http();
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        Reply reply = client.send(method, path, bytes);
        sent++;
        if (reply.status() == 401 && "M_UNKNOWN_TOKEN".equals(reply.errcode()) && who < 7) {
            relogin(who < 6);
        }
        String what = method + " " + excerpt(path) + (body == null ? "" : " " + excerpt(body));
        if (reply.status() >= 500) {
            failures.add(reply.status() + " for " + what + " → " + excerpt(reply.text()));
        } else if (reply.status() >= 400 && !isMatrixError(reply)) {
            failures.add("not Matrix JSON for " + what + " → " + reply.status() + " " + excerpt(reply.text()));
        } else if (reply.status() == 429 && !what.contains("/_matrix/media/v1/create")) {
            // POST /media/v1/create answers 429 M_LIMIT_EXCEEDED for too many pending uploads (spec), no rate limit
            failures.add("429 with rate limits off for " + what);
        }
    }

    /**
     * {@code {"errcode", "error"}}; or, for user-interactive authentication, a 401 listing the
     * flows (Client-Server API, "User-interactive API in the REST API"), whose errcode is there only
     * when a stage failed.
     */
    private static boolean isMatrixError(Reply reply) {
        JsonNode body = reply.json();
        boolean error = body.path("errcode").isTextual() && body.path("error").isTextual();
        boolean challenge = reply.status() == 401 && body.path("flows").isArray() && body.path("session").isTextual();
        return error || challenge;
    }

    /** A logout (or logout/all) the fuzz sent ended the session: log in again and go on. */
    private void relogin(boolean isAlice) {
        if (isAlice) {
            alice = Accounts.login(http(), alice.userId(), "pw", false);
        } else {
            bob = Accounts.login(http(), bob.userId(), "pw", false);
        }
    }

    /** The reader, a member who never took part in the fuzz, reads everything back: 200 everywhere. */
    private void everythingStoredIsReadable() {
        // the routes come in registration order, so a logout may be the last request one of them sent
        for (boolean isAlice : new boolean[] {true, false}) {
            Reply whoami = (isAlice ? alice : bob).http().get("/_matrix/client/v3/account/whoami");
            if (whoami.status() == 401 && "M_UNKNOWN_TOKEN".equals(whoami.errcode())) {
                relogin(isAlice);
            }
        }
        Set<String> all = new LinkedHashSet<>(rooms);
        for (Login who : List.of(reader, alice, bob)) {
            who.http().get("/_matrix/client/v3/joined_rooms").json().get("joined_rooms").forEach(r -> all.add(r.asText()));
        }
        List<String> unreadable = new ArrayList<>();
        for (Login who : List.of(reader, alice, bob)) {
            expectOk(who, "/_matrix/client/v3/sync?timeout=0", unreadable);
            expectOk(who, "/_matrix/client/v3/sync?timeout=0&full_state=true", unreadable);
        }
        for (String roomId : all) {
            Login member = memberOf(roomId);
            if (member == null) {
                continue; // a room the fuzz made and left: nobody here may read it
            }
            String r = "/_matrix/client/v3/rooms/" + roomId;
            JsonNode state = expectOk(member, r + "/state", unreadable);
            for (JsonNode event : state) {
                String type = event.path("type").asText();
                String key = event.path("state_key").asText();
                if (type.getBytes(StandardCharsets.UTF_8).length > 255 || key.getBytes(StandardCharsets.UTF_8).length > 255
                        || type.indexOf('\0') >= 0 || key.indexOf('\0') >= 0) {
                    unreadable.add("stored state key out of bounds in " + roomId + ": " + excerpt(type + "/" + key));
                }
            }
            expectOk(member, r + "/members", unreadable);
            expectOk(member, r + "/joined_members", unreadable);
            JsonNode page = expectOk(member, r + "/messages?dir=b&limit=200", unreadable);
            for (JsonNode event : page.path("chunk")) {
                String e = URLEncoder.encode(event.path("event_id").asText(), StandardCharsets.UTF_8);
                expectOk(member, r + "/event/" + e, unreadable);
                expectOk(member, r + "/context/" + e + "?limit=3", unreadable);
            }
        }
        assertTrue(unreadable.isEmpty(), String.join("\n", unreadable));
    }

    private Login memberOf(String roomId) {
        for (Login who : List.of(reader, alice, bob)) {
            Reply members = who.http().get("/_matrix/client/v3/rooms/" + roomId + "/joined_members");
            if (members.status() == 200 && members.json().path("joined").has(who.userId())) {
                return who;
            }
        }
        return null;
    }

    private static JsonNode expectOk(Login who, String path, List<String> unreadable) {
        Reply reply = who.http().get(path);
        if (reply.status() != 200) {
            unreadable.add(path + " as " + who.userId() + " → " + reply.status() + " " + excerpt(reply.text()));
        }
        return reply.json();
    }

    private static String excerpt(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
    }
}
