package org.hearth.federation.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The two-part answer of the content repository, byte for byte (RFC 2046, section 5.1.1). */
class MultipartMixedTest {

    @Test
    void twoPartsBetweenDelimitersWithTheRightLength() throws IOException {
        byte[] media = "hello".getBytes(StandardCharsets.US_ASCII);
        MultipartMixed answer = new MultipartMixed("{}", "text/plain", "attachment; filename=\"a.txt\"", media.length,
                new ByteArrayInputStream(media));
        String type = answer.contentType();
        assertTrue(type.matches("multipart/mixed; boundary=[0-9a-f]{32}"), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        answer.writeTo(out);
        assertEquals("--" + boundary + "\r\nContent-Type: application/json\r\n\r\n{}\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\n"
                + "hello\r\n--" + boundary + "--\r\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals(out.size(), answer.length(), "the Content-Length");

        MultipartMixed other = new MultipartMixed("{}", "text/plain", "inline", 0, new ByteArrayInputStream(new byte[0]));
        assertNotEquals(type, other.contentType(), "a fresh boundary each time");
    }

    @Test
    void aFileShorterThanItsSizeFailsRatherThanMisframing() {
        MultipartMixed answer = new MultipartMixed("{}", "text/plain", "inline", 10,
                new ByteArrayInputStream(new byte[3]));
        assertThrows(IOException.class, () -> answer.writeTo(new ByteArrayOutputStream()));
    }
}
