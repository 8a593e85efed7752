package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every failure reaches the client as Matrix JSON with the status the spec gives. */
class ErrorMappingTest {
    private static final String ECHO = "/_hearth/test/echo/hello";

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.set("http.max_request_bytes", 1024))
            .deploying(TestBundles.echo());

    @BeforeAll
    static void echoBundleIsUp() {
        Await.until("the echo bundle's routes", Duration.ofSeconds(20),
                () -> server.http().get("/_hearth/test/greeting").status() == 200);
    }

    @Test
    void goodRequestIsEchoed() {
        Reply reply = server.http().post(ECHO, Map.of("text", "hi", "count", 2));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("hi", reply.json().get("text").asText());
        assertEquals("hello", reply.json().get("word").asText());
    }

    @Test
    void aChunkedBodyIsReadToItsEnd() {
        // no Content-Length: the body is there only because the request says it is chunked
        Reply reply = server.http().postChunked(ECHO, "{\"text\": \"in chunks\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("in chunks", reply.json().get("text").asText());
    }

    @Test
    void pathParametersArePercentDecoded() {
        Reply reply = server.http().post("/_hearth/test/echo/%23room%3Aexample.org", Map.of("text", "x"));
        assertEquals("#room:example.org", reply.json().get("word").asText());
    }

    @Test
    void unknownEndpointIs404Unrecognized() {
        Reply reply = server.http().get("/_matrix/client/v3/no_such_endpoint");
        assertEquals(404, reply.status());
        assertEquals("M_UNRECOGNIZED", reply.errcode());
    }

    @Test
    void wrongMethodIs405Unrecognized() {
        Reply reply = server.http().delete("/_matrix/client/versions");
        assertEquals(405, reply.status());
        assertEquals("M_UNRECOGNIZED", reply.errcode());
        assertEquals("GET", reply.header("Allow"));
    }

    @Test
    void bodyThatIsNotJsonIs400NotJson() {
        Reply reply = server.http().post(ECHO, "{this is not json");
        assertEquals(400, reply.status());
        assertEquals("M_NOT_JSON", reply.errcode());
        assertEquals(400, server.http().post(ECHO, "").status());
        assertEquals("M_NOT_JSON", server.http().post(ECHO, "").errcode());
    }

    @Test
    void jsonOfTheWrongShapeIs400BadJson() {
        Reply wrongType = server.http().post(ECHO, Map.of("text", "hi", "count", "many"));
        assertEquals(400, wrongType.status());
        assertEquals("M_BAD_JSON", wrongType.errcode());
        assertTrue(wrongType.json().get("error").asText().contains("count"), wrongType.text());

        Reply missing = server.http().post(ECHO, Map.of("count", 1));
        assertEquals(400, missing.status());
        assertEquals("M_BAD_JSON", missing.errcode());

        Reply array = server.http().post(ECHO, "[1, 2]");
        assertEquals("M_BAD_JSON", array.errcode());
    }

    @Test
    void bodyOverTheLimitIs413TooLarge() {
        String big = "{\"text\": \"" + "x".repeat(2000) + "\"}";
        Reply reply = server.http().post(ECHO, big);
        assertEquals(413, reply.status());
        assertEquals("M_TOO_LARGE", reply.errcode());
        // Chunked, so no Content-Length announces the size: the limit still holds.
        Reply chunked = server.http().postChunked(ECHO, big.getBytes(StandardCharsets.UTF_8));
        assertEquals(413, chunked.status());
    }

    @Test
    void unexpectedFailureIs500UnknownWithAReferenceAndNoDetail() {
        Reply reply = server.http().get("/_hearth/test/fail");
        assertEquals(500, reply.status());
        assertEquals("M_UNKNOWN", reply.errcode());
        String error = reply.json().get("error").asText();
        assertTrue(error.matches("Internal server error \\[ref [0-9a-f]{8}]"), error);
        assertFalse(reply.text().contains("secret"), "no internals leak to the client");
        assertFalse(reply.text().contains("Exception"), "no stack trace");
    }

    @Test
    void laterResponsesArriveAndLaterErrorsAreMapped() {
        Reply ok = server.http().get("/_hearth/test/later?ms=30");
        assertEquals(200, ok.status());
        assertEquals(30, ok.json().get("waited_ms").asInt());
        Reply refused = server.http().get("/_hearth/test/later?ms=10&fail=true");
        assertEquals(403, refused.status());
        assertEquals("M_FORBIDDEN", refused.errcode());
        assertEquals("*", refused.header("Access-Control-Allow-Origin"));
    }
}
