package org.hearth.itest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error the stack can produce, from Undertow's HTTP parser to a route's bug, reaches the
 * client as Matrix JSON ({@code errcode}, {@code error}; never an empty body or an HTML page) and
 * writes one line on the access log (logger {@code hearth.access}), on the assembled server
 * started by {@code bin/hearth} with its shipped logging. Run once per database by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MalformedRequestsContract {
    private static final String HOST = "Host: localhost\r\n";

    private HearthProcess hearth;
    private URI base;

    /** The test configuration of the database under test. */
    abstract TestConfig config(Path dir);

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        TestConfig config = config(dir).set("http.max_request_bytes", 4096);
        Path file = config.write();
        Files.copy(TestBundles.echo(), config.deployDir().resolve("hearth-echo-bundle.jar"));
        hearth = HearthProcess.launch(file, config.port()).awaitReady();
        base = URI.create("http://127.0.0.1:" + config.port());
        Await.until("the echo bundle's routes", Duration.ofSeconds(30),
                () -> hearth.http().get("/_hearth/test/greeting").status() == 200);
        // the access line is written after the answer: wait for it, or the first case counts it as its own
        Await.until("the greeting's access line", Duration.ofSeconds(15),
                () -> accessLines().stream().anyMatch(l -> l.contains(" /_hearth/test/greeting 200 ")));
    }

    @AfterAll
    void stop() {
        if (hearth != null) {
            hearth.close();
        }
    }

    /** A request, the status expected, and the errcode expected (null: any). */
    record Case(String name, byte[] request, int status, String errcode, boolean hangUp) {
        static Case of(String name, String request, int status, String errcode) {
            return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), status, errcode, false);
        }
    }

    private static List<Case> malformed() {
        String manyParams = IntStream.range(0, 2000).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
        String manyHeaders = IntStream.range(0, 300).mapToObj(i -> "X-H" + i + ": 1\r\n").collect(Collectors.joining());
        String login = "POST /_matrix/client/v3/login HTTP/1.1\r\n" + HOST;
        List<Case> cases = new ArrayList<>(List.of(
                // refused by Undertow's HTTP parser, before any handler
                Case.of("bad percent-encoding in the path", "GET /_matrix/client/v3/rooms/%ZZ/state HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                Case.of("bad percent-encoding in the query", "GET /_matrix/client/versions?a=%ZZ HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                Case.of("space in the target", "GET /_matrix/client/v3/a b HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                Case.of("control character in the target", "GET /_matrix/\u0001 HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                Case.of("raw non-ASCII in the target", "GET /_matrix/client/v3/rooms/\u00e9/state HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                Case.of("garbage instead of a request line", "\u0000\u0001\u0002 garbage\r\n\r\n", 400, null),
                Case.of("HTTP/0.9 request", "GET /\r\n\r\n", 400, null),
                Case.of("malformed header line", "GET /_matrix/client/versions HTTP/1.1\r\n" + HOST + "Bad Header\r\n\r\n", 400, null),
                Case.of("header block over the limit", "GET /_matrix/client/versions HTTP/1.1\r\n" + HOST + "X: " + "a".repeat(2_000_000) + "\r\n\r\n", 400, null),
                Case.of("too many headers", "GET /_matrix/client/versions HTTP/1.1\r\n" + HOST + manyHeaders + "\r\n", 400, null),
                Case.of("too many query parameters", "GET /_matrix/client/versions?" + manyParams + " HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                Case.of("Content-Length that is no number", login + "Content-Length: abc\r\n\r\n{}", 400, null),
                Case.of("negative Content-Length", login + "Content-Length: -5\r\n\r\n{}", 400, null),
                Case.of("Content-Length and Transfer-Encoding", login + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, null),
                // refused by Undertow's Host check, which wraps every handler
                Case.of("HTTP/1.1 without Host", "GET /_matrix/client/versions HTTP/1.1\r\n\r\n", 400, null),
                Case.of("two Host headers", "GET /_matrix/client/versions HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, null),
                Case.of("Host with bad characters", "GET /_matrix/client/versions HTTP/1.1\r\nHost: a b\r\n\r\n", 400, null),
                // a target the servlet container cannot map
                Case.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n", 404, "M_UNRECOGNIZED"),
                Case.of("CONNECT", "CONNECT localhost:443 HTTP/1.1\r\n" + HOST + "\r\n", 404, "M_UNRECOGNIZED"),
                Case.of("CONNECT elsewhere", "CONNECT example.org:443 HTTP/1.1\r\n" + HOST + "\r\n", 400, null),
                // refused by the front door
                Case.of("path that is not UTF-8", "GET /_matrix/client/v3/rooms/%FF%FE/state HTTP/1.1\r\n" + HOST + "\r\n", 400, "M_INVALID_PARAM"),
                Case.of("NUL in the path", "GET /_matrix/client/v3/rooms/%00/state HTTP/1.1\r\n" + HOST + "\r\n", 400, "M_INVALID_PARAM"),
                Case.of("query that is not UTF-8", "GET /_matrix/client/versions?a=%C3%28 HTTP/1.1\r\n" + HOST + "\r\n", 400, "M_INVALID_PARAM"),
                Case.of("NUL in the query", "GET /_matrix/client/versions?a=%00 HTTP/1.1\r\n" + HOST + "\r\n", 400, "M_INVALID_PARAM"),
                Case.of("unknown method", "FOO /_matrix/client/versions HTTP/1.1\r\n" + HOST + "\r\n", 405, "M_UNRECOGNIZED"),
                Case.of("TRACE", "TRACE /_matrix/client/versions HTTP/1.1\r\n" + HOST + "\r\n", 405, "M_UNRECOGNIZED"),
                Case.of("unknown path", "GET /_matrix/client/v3/nothing HTTP/1.1\r\n" + HOST + "\r\n", 404, "M_UNRECOGNIZED"),
                Case.of("path traversal", "GET /_matrix/client/../../etc/passwd HTTP/1.1\r\n" + HOST + "\r\n", 404, "M_UNRECOGNIZED"),
                Case.of("body over the limit", login + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", 413, "M_TOO_LARGE"),
                Case.of("form body with bad percent-encoding", login + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\na=%ZZ", 400, "M_NOT_JSON"),
                Case.of("not JSON after 100-continue", login + "Expect: 100-continue\r\nContent-Length: 1\r\n\r\n{", 400, "M_NOT_JSON"),
                Case.of("JSON nested too deep", login + "Content-Length: 3000\r\n\r\n" + "[".repeat(1500) + "]".repeat(1500), 400, "M_BAD_JSON"),
                // every kind of server failure: a 5xx in JSON too
                Case.of("a route's exception", "GET /_hearth/test/fail HTTP/1.1\r\n" + HOST + "\r\n", 500, "M_UNKNOWN"),
                Case.of("a route's Error", "GET /_hearth/test/broken/error HTTP/1.1\r\n" + HOST + "\r\n", 500, "M_UNKNOWN"),
                Case.of("an answer that cannot be written", "GET /_hearth/test/broken/unwritable HTTP/1.1\r\n" + HOST + "\r\n", 500, "M_UNKNOWN"),
                Case.of("a late answer's failure", "GET /_hearth/test/later?ms=10&crash=true HTTP/1.1\r\n" + HOST + "\r\n", 500, "M_UNKNOWN")));
        // a client that gives up halfway through its body
        cases.add(new Case("body cut short", (login + "Content-Length: 100\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII),
                400, "M_UNKNOWN", true));
        return cases;
    }

    @Test
    void everyMalformedRequestAndEveryFailureIsMatrixJsonWithAnAccessLine() {
        List<String> wrong = new ArrayList<>();
        for (Case c : malformed()) {
            int before = accessLines().size();
            RawHttp.Answer answer = RawHttp.send(base, c.request(), 10_000, c.hangUp());
            if (answer.status() != c.status()) {
                wrong.add(c.name() + ": status " + answer.status() + ", expected " + c.status() + ": " + excerpt(answer.raw()));
            } else if (answer.errcode() == null || !answer.json().path("error").isTextual()) {
                wrong.add(c.name() + ": not a Matrix error: " + excerpt(answer.raw()));
            } else if (c.errcode() != null && !c.errcode().equals(answer.errcode())) {
                wrong.add(c.name() + ": errcode " + answer.errcode() + ", expected " + c.errcode());
            }
            if (answer.raw().toLowerCase(Locale.ROOT).contains("<html") || answer.raw().contains("Exception")) {
                wrong.add(c.name() + ": an HTML page or a stack trace");
            }
            try {
                Await.until("an access line for " + c.name(), Duration.ofSeconds(15), () -> accessLines().size() > before);
                String line = accessLines().get(before);
                if (!line.contains(" " + c.status() + " ")) {
                    wrong.add(c.name() + ": access line " + line);
                }
            } catch (AssertionError noLine) {
                wrong.add(c.name() + ": no access line");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(200, hearth.http().get("/_matrix/client/versions").status(), "the server is still up");
    }

    private List<String> accessLines() {
        return hearth.output().lines().filter(l -> l.contains(" hearth.access - ")).toList();
    }

    private static String excerpt(String raw) {
        String flat = raw.replace("\r\n", " | ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
