package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/mixed} body read as RFC 2046 section 5.1.1 writes it, strictly enough for a
 * test: {@code --boundary CRLF}, headers, {@code CRLF}, the body up to {@code CRLF --boundary},
 * the last delimiter {@code --boundary--}. Nothing before the first delimiter or after the last.
 */
record MultipartBody(List<Part> parts) {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)^multipart/mixed;\\s*boundary=\"?([^\";]+)\"?$");

    /** One part: its headers (names in lower case) and its bytes. */
    record Part(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static MultipartBody parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType.strip());
        assertTrue(m.matches(), "multipart/mixed with a boundary: " + contentType);
        byte[] first = ("--" + m.group(1) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] delimiter = ("\r\n--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        assertTrue(Arrays.equals(body, 0, first.length, first, 0, first.length), "starts with the first delimiter");
        List<Part> parts = new ArrayList<>();
        int at = first.length;
        while (true) {
            int end = indexOf(body, delimiter, at);
            assertTrue(end >= 0, "each part ends with a delimiter");
            parts.add(part(Arrays.copyOfRange(body, at, end)));
            at = end + delimiter.length;
            String after = new String(body, at, Math.min(4, body.length - at), StandardCharsets.US_ASCII);
            if (after.startsWith("--")) {
                assertEquals("--\r\n", after, "the close delimiter ends the body");
                assertEquals(body.length, at + 4, "nothing after the close delimiter");
                return new MultipartBody(parts);
            }
            assertTrue(after.startsWith("\r\n"), "a delimiter line ends with CRLF");
            at += 2;
        }
    }

    private static Part part(byte[] bytes) {
        byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Map<String, String> headers = new LinkedHashMap<>();
        int split = indexOf(bytes, blank, 0);
        int bodyStart;
        if (bytes.length >= 2 && bytes[0] == '\r' && bytes[1] == '\n') { // no headers
            bodyStart = 2;
        } else {
            assertTrue(split >= 0, "a part's headers end with an empty line");
            for (String line : new String(bytes, 0, split, StandardCharsets.UTF_8).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            bodyStart = split + blank.length;
        }
        return new Part(headers, Arrays.copyOfRange(bytes, bodyStart, bytes.length));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
