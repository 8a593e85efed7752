package org.hearth.federation.internal.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;
import org.hearth.federation.internal.http.MultipartMixed;
import org.junit.jupiter.api.Test;

/**
 * The media answer read back: what this server's own {@link MultipartMixed} writes, a body
 * written by hand the way other servers may (quoted boundary, preamble, no part headers), a
 * Location, media streamed as they arrive, and the answers refused (not multipart, one part, cut
 * short, headers or media too large).
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
        MediaContent read = media(written.contentType(), new ByteArrayInputStream(out.toByteArray()), media.length);
        assertEquals("image/png", read.contentType());
        assertEquals(MediaContent.UNKNOWN_SIZE, read.size(), "known only once streamed");
        assertEquals(Optional.of("cat pic.png"), read.fileName());
        assertArrayEquals(media, read.bytes().readAllBytes());
    }

    @Test
    void readsAQuotedBoundaryAPreambleAndAPartWithoutHeaders() throws Exception {
        String body = "preamble\r\n--b 1\r\nContent-Type: application/json\r\n\r\n{}\r\n--b 1  \r\n\r\nhello"
                + "\r\n--b 1--\r\n";
        MediaContent read = media("multipart/mixed; boundary=\"b 1\"", new ByteArrayInputStream(bytes(body)), 5);
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
        assertBad("multipart/mixed; boundary=x", "--x\r\n\r\n{}\r\n--x\r\nContent-Type: text/plain\r\n" + "X: y\r\n".repeat(2000)
                + "\r\nhello\r\n--x--\r\n", 100); // headers over 8 KiB
        assertBad("multipart/mixed; boundary=x", two, 4); // hello is 5 bytes
    }

    @Test
    void aLocationPartNamesWhereTheMediaIs() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        MediaAnswer.Read read = MediaAnswer.read(ORIGIN, "multipart/mixed; boundary=x", new ByteArrayInputStream(bytes(
                "--x\r\n\r\n{}\r\n--x\r\nLocation: https://cdn.elsewhere.test/a?sig=1\r\n\r\n\r\n--x--\r\n")),
                closed::incrementAndGet, 100);
        assertEquals(null, read.media());
        assertEquals("https://cdn.elsewhere.test/a?sig=1", read.location());
        assertEquals(1, closed.get(), "the answer is done with");
    }

    /**
     * The media come out while the answer is still arriving: the sender waits until the reader
     * has had nearly the first 4 MiB before it sends the rest, which it could not if the answer were
     * read whole first. Delimiter look-alikes in the media, and reads of a few bytes at a time
     * that split the delimiter, change nothing.
     */
    @Test
    void mediaAreReadAsTheyArriveWhateverTheSizeOfReads() throws Exception {
        byte[] chunk = bytes("\r\n--bo\r\n--boundar\r\n-- boundary\r\n" + "x".repeat(1000));
        int chunks = 8 * 1024 * 1024 / chunk.length;
        CountDownLatch halfRead = new CountDownLatch(1);
        PipedInputStream received = new PipedInputStream(64 * 1024);
        PipedOutputStream sent = new PipedOutputStream(received);
        Thread sender = new Thread(() -> {
            try (sent) {
                sent.write(bytes("--boundary\r\nContent-Type: application/json\r\n\r\n{}\r\n--boundary\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n"));
                for (int i = 0; i < chunks; i++) {
                    if (i == chunks / 2 && !halfRead.await(30, TimeUnit.SECONDS)) {
                        return; // the reader never got the first half: the test fails below
                    }
                    sent.write(chunk);
                }
                sent.write(bytes("\r\n--boundary--\r\n"));
            } catch (IOException | InterruptedException e) {
                // the reader's failure says it
            }
        });
        sender.start();
        MediaContent read = media("multipart/mixed; boundary=boundary", new FewBytesAtATime(received), Long.MAX_VALUE);
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        long total = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = read.bytes()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.update(buffer, 0, n);
                total += n;
                // the last bytes sent may begin a delimiter: they wait for the next ones
                if (total >= (long) chunk.length * (chunks / 2 - 1)) {
                    halfRead.countDown();
                }
            }
        }
        sender.join();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < chunks; i++) {
            expected.update(chunk);
        }
        assertEquals((long) chunk.length * chunks, total);
        assertArrayEquals(expected.digest(), got.digest());
    }

    private static void assertBad(String type, String body, long max) {
        try {
            MediaContent media = media(type, new ByteArrayInputStream(bytes(body)), max);
            // found only while the media are read: an IOException of their stream, so nothing is kept
            assertThrows(IOException.class, () -> media.bytes().readAllBytes(), body);
        } catch (RemoteException e) {
            assertEquals(RemoteException.Kind.BAD_RESPONSE, e.kind());
        }
    }

    private static MediaContent media(String type, InputStream body, long max) throws RemoteException {
        MediaAnswer.Read read = MediaAnswer.read(ORIGIN, type, body, () -> { }, max);
        assertEquals(null, read.location());
        return read.media();
    }

    /** An answer arriving in pieces of 1 to 7 bytes. */
    private static final class FewBytesAtATime extends FilterInputStream {
        private int next;

        FewBytesAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            next = next % 7 + 1;
            return in.read(b, off, Math.min(len, next));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
