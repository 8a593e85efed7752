package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.itest.federation.HearthCluster.Member;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * Which servers a local event is sent to (Server-Server API, "Transactions": the servers in the
 * room): those with a user joined in the state after the event, however the room changed before
 * the sender got to it. The server under test is a process of a {@link HearthCluster}, the remote
 * one a server the test plays, which records the transactions it receives.
 */
abstract class OutboundDestinationsContract {
    static final String ONE = "hs1.test";
    static final String PLAYED = "played.test";
    private static final Duration FLOW = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract HearthCluster cluster();

    /**
     * The server's sender stops (its federation bundle removed); Alice says something, then kicks
     * Rita of the played server, whose last user she was. The server restarts with the bundle
     * back, knowing nothing of the room's servers but what it stored: the message goes to the
     * played server, in the room when it was sent, though nobody of it is joined now; the kick
     * goes there too (its target's server).
     */
    @Test
    void anEventGoesToTheServersJoinedAfterItNotThoseJoinedWhenItIsSent() throws IOException {
        Member one = cluster().member(ONE);
        PlayedServer played = cluster().played(PLAYED);
        Login alice = Accounts.register(one.http(), "alice" + NEXT.incrementAndGet(), null);
        Reply created = alice.http().post("/_matrix/client/v3/createRoom",
                Map.of("room_version", "10", "preset", "public_chat"));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();
        String rita = "@rita" + NEXT.incrementAndGet() + ":" + PLAYED;
        join(played, roomId, rita);
        String body = "before Rita is kicked " + NEXT.incrementAndGet();

        one.removeFederation();
        try {
            Reply said = alice.http().put("/_matrix/client/v3/rooms/" + enc(roomId) + "/send/m.room.message/t"
                    + NEXT.incrementAndGet(), Map.of("msgtype", "m.text", "body", body));
            assertEquals(200, said.status(), said.toString());
            Reply kicked = alice.http().post("/_matrix/client/v3/rooms/" + enc(roomId) + "/kick",
                    Map.of("user_id", rita));
            assertEquals(200, kicked.status(), kicked.toString());
            one.stop();
        } finally {
            one.restoreFederation();
        }
        one.start();
        cluster().awaitOrReport("the kick at " + PLAYED, FLOW, () -> sent(played, roomId).contains("leave"));
        assertTrue(sent(played, roomId).contains(body), "the message too: " + sent(played, roomId));
    }

    /** Rita of the played server joins the room through make_join and send_join. */
    private void join(PlayedServer played, String roomId, String user) {
        String make = "/_matrix/federation/v1/make_join/" + enc(roomId) + "/" + enc(user) + "?ver=10";
        Reply template = cluster().federate(played, ONE, "GET", make, null);
        assertEquals(200, template.status(), template.toString());
        ObjectNode join = ((ObjectNode) template.json().path("event")).deepCopy();
        join.put("origin", PLAYED).put("origin_server_ts", System.currentTimeMillis());
        played.signedEvent(join);
        String send = "/_matrix/federation/v2/send_join/" + enc(roomId) + "/" + enc(PlayedServer.eventId(join));
        Reply joined = cluster().federate(played, ONE, "PUT", send, join);
        assertEquals(200, joined.status(), joined.toString());
    }

    /** The message bodies and memberships of the room's PDUs the played server received, in order. */
    private static List<String> sent(PlayedServer played, String roomId) {
        List<String> seen = new ArrayList<>();
        for (PlayedServer.Received txn : played.transactions()) {
            try {
                for (JsonNode pdu : JSON.readTree(txn.body()).path("pdus")) {
                    if (roomId.equals(pdu.path("room_id").asText())) {
                        JsonNode content = pdu.path("content");
                        seen.add(content.has("body") ? content.path("body").asText()
                                : content.path("membership").asText(pdu.path("type").asText()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seen;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
