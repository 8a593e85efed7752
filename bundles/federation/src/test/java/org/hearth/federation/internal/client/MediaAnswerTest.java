package org.hearth.federation.internal.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;
import org.hearth.federation.internal.http.MultipartMixed;
import org.junit.jupiter.api.Test;

/**
 * The media answer read back: what this server's own {@link MultipartMixed} writes, a body
 * written by hand the way other servers may (quoted boundary, preamble, no part headers), and the
 * answers refused (not multipart, one part, cut short, a redirect, too large).
 */
class MediaAnswerTest {
    private static final ServerName ORIGIN = new ServerName("origin.test");

    @Test
    void readsWhatThisServerWrites() throws Exception {
        byte[] media = new byte[70_000];
        for (int i = 0; i < media.length; i++) {
            media[i] = (byte) (i * 31);
        }
        MultipartMixed written = new MultipartMixed("{}", "image/png", "inline; filename=\"cat pic.png\"", media.length,
                new ByteArrayInputStream(media));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        written.writeTo(out);
        MediaContent read = MediaAnswer.read(ORIGIN, response(written.contentType(), out.toByteArray()), media.length);
        assertEquals("image/png", read.contentType());
        assertEquals(media.length, read.size());
        assertEquals(Optional.of("cat pic.png"), read.fileName());
        assertArrayEquals(media, read.bytes().readAllBytes());
    }

    @Test
    void readsAQuotedBoundaryAPreambleAndAPartWithoutHeaders() throws Exception {
        String body = "preamble\r\n--b 1\r\nContent-Type: application/json\r\n\r\n{}\r\n--b 1  \r\n\r\nhello"
                + "\r\n--b 1--\r\n";
        MediaContent read = MediaAnswer.read(ORIGIN, response("multipart/mixed; boundary=\"b 1\"", bytes(body)), 5);
        assertEquals("application/octet-stream", read.contentType());
        assertEquals(Optional.empty(), read.fileName());
        assertEquals("hello", new String(read.bytes().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void prefersTheExtendedFileName() {
        assertEquals(Optional.of("café.txt"),
                MediaAnswer.fileName("attachment; filename=\"cafe.txt\"; filename*=utf-8''caf%C3%A9.txt"));
        assertEquals(Optional.of("a\"b"), MediaAnswer.fileName("attachment; filename=\"a\\\"b\""));
    }

    @Test
    void refusesWhatIsNotTwoPartsOfMedia() {
        String two = "--x\r\n\r\n{}\r\n--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n";
        assertBad("application/json", two, 100);
        assertBad("multipart/mixed", two, 100); // no boundary
        assertBad("multipart/mixed; boundary=x", "--x\r\n\r\n{}\r\n--x--\r\n", 100);
        assertBad("multipart/mixed; boundary=x", "--x\r\n\r\n{}\r\n--x\r\nContent-Type: text/plain\r\n\r\nhel", 100);
        assertBad("multipart/mixed; boundary=x",
                "--x\r\n\r\n{}\r\n--x\r\nLocation: https://elsewhere.test/a\r\n\r\n\r\n--x--\r\n", 100);
        assertBad("multipart/mixed; boundary=x", two, 4); // hello is 5 bytes
    }

    private static void assertBad(String type, String body, long max) {
        RemoteException e = assertThrows(RemoteException.class,
                () -> MediaAnswer.read(ORIGIN, response(type, bytes(body)), max));
        assertEquals(RemoteException.Kind.BAD_RESPONSE, e.kind());
    }

    private static WireClient.Response response(String type, byte[] body) {
        return new WireClient.Response(200, List.<String[]>of(new String[] {"content-type", type}), body);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
