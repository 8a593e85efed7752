package org.hearth.federation.internal.client;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;

/**
 * Reads a {@code multipart/mixed} media answer (Server-Server API, "Content Repository"; RFC 2046,
 * section 5.1.1): the boundary from the {@code Content-Type}, a first part of JSON metadata
 * (ignored: it is {@code {}} today), then the media with its {@code Content-Type} and
 * {@code Content-Disposition}. Parts past the second are ignored; part headers are bounded.
 * A second part that is only a {@code Location} (media kept elsewhere) is not followed yet: it is
 * refused as a bad answer.
 */
final class MediaAnswer {
    /** What the answer may hold besides the media: boundaries, part headers, the metadata. */
    static final long MAX_OVERHEAD = 64 * 1024;
    private static final int MAX_PART_HEADERS = 8 * 1024;
    private static final Pattern BOUNDARY = Pattern.compile(
            ";\\s*boundary=(?:\"([^\"]{1,70})\"|([^\\s;\"]{1,70}))", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME_EXT = Pattern.compile(
            ";\\s*filename\\*\\s*=\\s*utf-8''([^;\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile(
            ";\\s*filename\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s\"]+))", Pattern.CASE_INSENSITIVE);

    private MediaAnswer() {
    }

    static MediaContent read(ServerName server, WireClient.Response response, long maxBytes) throws RemoteException {
        String type = Optional.ofNullable(response.header("content-type")).orElse("");
        Matcher boundary = BOUNDARY.matcher(type);
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed") || !boundary.find()) {
            throw bad(server, "media answered as " + type + ", not multipart/mixed with a boundary");
        }
        byte[] body = response.body();
        byte[] delimiter = ("\r\n--" + (boundary.group(1) != null ? boundary.group(1) : boundary.group(2)))
                .getBytes(StandardCharsets.US_ASCII);
        // the first delimiter may open the body, without the line break before it
        int firstEnd;
        if (startsWith(body, 0, delimiter, 2)) {
            firstEnd = delimiter.length - 2;
        } else {
            int first = find(body, delimiter, 0);
            if (first < 0) {
                throw bad(server, "no multipart boundary in the media answer");
            }
            firstEnd = first + delimiter.length;
        }
        int metadataStart = afterDelimiterLine(server, body, firstEnd);
        int metadataEnd = find(body, delimiter, metadataStart);
        if (metadataEnd < 0) {
            throw bad(server, "the media answer has one part, not two");
        }
        int mediaStart = afterDelimiterLine(server, body, metadataEnd + delimiter.length);
        int mediaEnd = find(body, delimiter, mediaStart);
        if (mediaEnd < 0) {
            throw bad(server, "the media answer is cut short");
        }
        int headersEnd = find(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), mediaStart);
        boolean noHeaders = startsWith(body, mediaStart, "\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (!noHeaders && (headersEnd < 0 || headersEnd > mediaEnd || headersEnd - mediaStart > MAX_PART_HEADERS)) {
            throw bad(server, "the media part's headers are missing or too large");
        }
        Map<String, String> headers = noHeaders ? Map.of()
                : headers(new String(body, mediaStart, headersEnd - mediaStart, StandardCharsets.UTF_8));
        if (headers.containsKey("location")) {
            throw bad(server, "the media is elsewhere (Location), which this server does not follow yet");
        }
        int bytesStart = noHeaders ? mediaStart + 2 : headersEnd + 4;
        long size = mediaEnd - bytesStart;
        if (size > maxBytes) {
            throw bad(server, "the media is larger than " + maxBytes + " bytes");
        }
        String disposition = headers.getOrDefault("content-disposition", "attachment");
        return new MediaContent(headers.getOrDefault("content-type", "application/octet-stream"), size,
                fileName(disposition), disposition, new ByteArrayInputStream(body, bytesStart, (int) size));
    }

    /** The name a {@code Content-Disposition} gives (RFC 6266: {@code filename*} first), if any. */
    static Optional<String> fileName(String disposition) {
        Matcher ext = FILENAME_EXT.matcher(disposition);
        if (ext.find()) {
            try {
                return Optional.of(URLDecoder.decode(ext.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        Matcher plain = FILENAME.matcher(disposition);
        if (plain.find()) {
            return Optional.of(plain.group(1) != null ? plain.group(1).replaceAll("\\\\(.)", "$1") : plain.group(2));
        }
        return Optional.empty();
    }

    /** Past the rest of a delimiter line (transport padding, then CRLF), or "--": the close delimiter. */
    private static int afterDelimiterLine(ServerName server, byte[] body, int at) throws RemoteException {
        if (startsWith(body, at, "--".getBytes(StandardCharsets.US_ASCII), 0)) {
            throw bad(server, "the media answer ends before its media");
        }
        int i = at;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t')) {
            i++;
        }
        if (i + 1 >= body.length || body[i] != '\r' || body[i + 1] != '\n') {
            throw bad(server, "a malformed multipart boundary line");
        }
        return i + 2;
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new HashMap<>();
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix, int from) {
        if (at + prefix.length - from > body.length) {
            return false;
        }
        for (int i = from; i < prefix.length; i++) {
            if (body[at + i - from] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int find(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static RemoteException bad(ServerName server, String message) {
        return new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null, server + ": " + message);
    }
}
