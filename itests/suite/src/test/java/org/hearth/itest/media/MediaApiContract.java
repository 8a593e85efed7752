package org.hearth.itest.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.BinaryReply;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Metrics;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The content repository through HTTP against the running server: every endpoint with its bad
 * input; run once per database by the subclasses, with {@link #configure} applied.
 *
 * <p>URL previews: a "public" site is served on 127.0.0.2, which the configuration allows as
 * {@code url_preview.allowed_ranges} would an intranet; an "internal" one on 127.0.0.1
 * (loopback, always refused) must never be reached.
 */
abstract class MediaApiContract {
    static final long MAX_UPLOAD = 1024 * 1024;
    static final int MAX_PENDING = 3;
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String PNG = "image/png";

    private static HttpServer site;
    private static HttpServer internal;
    private static final List<String> internalRequests = Collections.synchronizedList(new ArrayList<>());

    abstract MatrixHttp http();

    abstract Path dataDir();

    /** The media keys every subclass's server starts with. */
    static TestConfig configure(TestConfig config) {
        return config.openRegistration()
                .set("media.max_upload_bytes", MAX_UPLOAD)
                .set("media.max_pending_uploads", MAX_PENDING)
                .set("media.url_preview.enabled", true)
                .set("media.url_preview.allowed_ranges", List.of("127.0.0.2/32"))
                .set("media.url_preview.timeout_ms", 5000);
    }

    @BeforeAll
    static void sites() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", exchange -> {
            internalRequests.add(exchange.getRequestURI().toString());
            answer(exchange, 200, "text/html", "<meta property=\"og:title\" content=\"internal secret\">".getBytes());
        });
        internal.start();
        site = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        site.createContext("/page.html", exchange -> answer(exchange, 200, "text/html; charset=utf-8", ("""
                <html><head><title>fallback</title>
                <meta property="og:title" content="Hearth &amp; friends">
                <meta property="og:description" content="A public page">
                <meta property="og:image" content="/logo.png">
                </head><body>hello</body></html>""").getBytes(StandardCharsets.UTF_8)));
        site.createContext("/logo.png", exchange -> answer(exchange, 200, PNG, TestImages.make("png", 279, 129)));
        site.createContext("/to-internal", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/");
            answer(exchange, 302, "text/plain", new byte[0]);
        });
        site.start();
    }

    @AfterAll
    static void stopSites() {
        site.stop(0);
        internal.stop(0);
    }

    Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "m" + (System.nanoTime() % 10_000), "pw");
    }

    static String upload(Login who, byte[] bytes, String contentType, String query) {
        Reply reply = who.http().send("POST", "/_matrix/media/v3/upload" + query, bytes, "Content-Type", contentType);
        assertEquals(200, reply.status(), reply.text());
        String uri = reply.json().get("content_uri").asText();
        assertTrue(uri.startsWith("mxc://localhost/"), uri);
        return uri.substring("mxc://localhost/".length());
    }

    static BinaryReply download(Login who, String mediaId) {
        return who.http().getBytes("/_matrix/client/v1/media/download/localhost/" + mediaId);
    }

    static BinaryReply thumbnail(Login who, String mediaId, String query) {
        return who.http().getBytes("/_matrix/client/v1/media/thumbnail/localhost/" + mediaId + "?" + query);
    }

    // --- upload and download

    @Test
    void anUploadDownloadsAsItWasWithItsNameAndSafeHeaders() {
        Login alice = user("alice");
        byte[] png = TestImages.make("png", 20, 10);
        String id = upload(alice, png, PNG, "?filename=r%C3%A9sum%C3%A9%20%22v2%22.png");

        BinaryReply got = download(alice, id);
        assertEquals(200, got.status(), got.toString());
        assertArrayEquals(png, got.body());
        assertEquals(PNG, got.header("Content-Type"));
        assertEquals("inline; filename*=utf-8''r%C3%A9sum%C3%A9%20%22v2%22.png", got.header("Content-Disposition"));
        assertTrue(got.header("Content-Security-Policy").startsWith("sandbox;"), got.header("Content-Security-Policy"));
        assertEquals("cross-origin", got.header("Cross-Origin-Resource-Policy"));
        assertEquals("nosniff", got.header("X-Content-Type-Options"));

        BinaryReply renamed = alice.http().getBytes("/_matrix/client/v1/media/download/localhost/" + id + "/cat.png");
        assertArrayEquals(png, renamed.body());
        assertEquals("inline; filename=\"cat.png\"", renamed.header("Content-Disposition"));
        // another user (and a guest-free client) reads it too: knowing the mxc URI is enough
        assertArrayEquals(png, download(user("bob"), id).body());
    }

    @Test
    void htmlIsServedAsAnAttachmentAndATypelessUploadAsOctetStream() {
        Login alice = user("alice");
        String html = upload(alice, "<script>alert(1)</script>".getBytes(), "text/html", "");
        BinaryReply page = download(alice, html);
        assertEquals("text/html", page.header("Content-Type"));
        assertEquals("attachment", page.header("Content-Disposition"));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'none'"));

        String id = upload(alice, "raw".getBytes(), "nonsense", "");
        assertEquals("application/octet-stream", download(alice, id).header("Content-Type"));
    }

    @Test
    void theSameBytesAreStoredOnceInPrivateFiles() throws IOException {
        Login alice = user("alice");
        byte[] bytes = ("same bytes " + System.nanoTime()).getBytes();
        String first = upload(alice, bytes, "text/plain", "?filename=a.txt");
        String second = upload(user("bob"), bytes, "text/plain", "?filename=b.txt");

        assertNotEquals(first, second);
        assertEquals("inline; filename=\"b.txt\"", download(alice, second).header("Content-Disposition"));
        Path media = dataDir().resolve("media");
        List<Path> copies = filesHolding(media, bytes);
        assertEquals(1, copies.size(), copies.toString());
        assertEquals("rw-------", permissions(copies.get(0)));
        try (Stream<Path> walk = Files.walk(media)) {
            for (Path p : walk.toList()) {
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", permissions(p), p.toString());
            }
        }
    }

    @Test
    void anOversizedUploadIs413AndLeavesNothing() throws IOException {
        Login alice = user("alice");
        byte[] big = new byte[(int) MAX_UPLOAD + 1];
        big[0] = 42;
        Reply declared = alice.http().send("POST", "/_matrix/media/v3/upload", big, "Content-Type", "application/octet-stream");
        assertEquals(413, declared.status(), declared.text());
        assertEquals("M_TOO_LARGE", declared.errcode());
        Reply chunked = alice.http().postChunked("/_matrix/media/v3/upload", big);
        assertEquals(413, chunked.status(), chunked.text());
        assertEquals("M_TOO_LARGE", chunked.errcode());

        assertEquals(List.of(), filesHolding(dataDir().resolve("media"), big));
        byte[] exact = new byte[(int) MAX_UPLOAD];
        upload(alice, exact, "application/octet-stream", "");
        JsonNode config = alice.http().get("/_matrix/client/v1/media/config").json();
        assertEquals(MAX_UPLOAD, config.get("m.upload.size").asLong());
        assertEquals(MAX_UPLOAD, alice.http().get("/_matrix/media/v3/config").json().get("m.upload.size").asLong());
    }

    @Test
    void mediaIdsThatAreNotTheServersFormatNeverReachTheFiles() {
        Login alice = user("alice");
        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "..", "abc%00", "a.b", "%2e%2e", "x%20y", "a%5Cb",
                "%C3%A9t%C3%A9", "x".repeat(256))) {
            for (String path : List.of("/_matrix/client/v1/media/download/localhost/" + id,
                    "/_matrix/client/v1/media/thumbnail/localhost/" + id + "?width=32&height=32",
                    "/_matrix/media/v3/download/localhost/" + id)) {
                Reply reply = alice.http().get(path);
                assertEquals(400, reply.status(), path + " " + reply.text());
                assertEquals("M_INVALID_PARAM", reply.errcode(), path);
            }
            Reply put = alice.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + id, "x".getBytes(),
                    "Content-Type", "text/plain");
            assertEquals(400, put.status(), id + " " + put.text());
        }
        Reply badServer = alice.http().get("/_matrix/client/v1/media/download/local%2Fhost/abc");
        assertEquals(400, badServer.status(), badServer.text());
    }

    @Test
    void unknownRemoteAndUnauthenticatedDownloads() {
        Login alice = user("alice");
        Reply unknown = alice.http().get("/_matrix/client/v1/media/download/localhost/NoSuchMedia123");
        assertEquals(404, unknown.status());
        assertEquals("M_NOT_FOUND", unknown.errcode());
        Reply remote = alice.http().get("/_matrix/client/v1/media/download/matrix.org/SomeMedia123");
        assertEquals(404, remote.status());
        assertEquals("M_NOT_FOUND", remote.errcode());
        Reply remoteThumbnail = alice.http().get("/_matrix/client/v1/media/thumbnail/matrix.org/SomeMedia123?width=9&height=9");
        assertEquals(404, remoteThumbnail.status());

        String id = upload(alice, "secret".getBytes(), "text/plain", "");
        Reply anonymous = http().get("/_matrix/client/v1/media/download/localhost/" + id);
        assertEquals(401, anonymous.status());
        assertEquals("M_MISSING_TOKEN", anonymous.errcode());
        // the deprecated unauthenticated endpoints are frozen for every media by default
        Reply legacy = http().get("/_matrix/media/v3/download/localhost/" + id);
        assertEquals(404, legacy.status(), legacy.text());
        assertEquals("M_NOT_FOUND", legacy.errcode());
        assertEquals(404, http().get("/_matrix/media/v3/thumbnail/localhost/" + id + "?width=8&height=8").status());
        Reply anonymousUpload = http().send("POST", "/_matrix/media/v3/upload", "x".getBytes(), "Content-Type", "text/plain");
        assertEquals(401, anonymousUpload.status(), anonymousUpload.text());
    }

    // --- asynchronous upload

    @Test
    void aCreatedIdIsUploadedOnceByItsCreatorAndAWaitingDownloadGetsIt() throws Exception {
        Login alice = user("alice");
        Login bob = user("bob");
        Reply created = alice.http().post("/_matrix/media/v1/create", "{}");
        assertEquals(200, created.status(), created.text());
        String id = created.json().get("content_uri").asText().substring("mxc://localhost/".length());
        assertTrue(created.json().get("unused_expires_at").asLong() > System.currentTimeMillis() + 3_600_000);

        BinaryReply early = alice.http().getBytes("/_matrix/client/v1/media/download/localhost/" + id + "?timeout_ms=100");
        assertEquals(504, early.status(), early.toString());
        assertEquals("M_NOT_YET_UPLOADED", early.errcode());

        Reply stolen = bob.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + id, "bob's".getBytes(),
                "Content-Type", "text/plain");
        assertEquals(403, stolen.status(), stolen.text());
        assertEquals("M_FORBIDDEN", stolen.errcode());

        CompletableFuture<BinaryReply> waiting = CompletableFuture.supplyAsync(() ->
                bob.http().getBytes("/_matrix/client/v1/media/download/localhost/" + id + "?timeout_ms=20000"));
        Metrics.await(http(), "hearth_media_awaited_uploads", 1); // the download waits before the upload comes
        byte[] png = TestImages.make("png", 12, 12);
        Reply put = alice.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + id + "?filename=late.png", png,
                "Content-Type", PNG);
        assertEquals(200, put.status(), put.text());
        BinaryReply waited = waiting.get(15, TimeUnit.SECONDS);
        assertEquals(200, waited.status(), waited.toString());
        assertArrayEquals(png, waited.body());
        assertEquals("inline; filename=\"late.png\"", waited.header("Content-Disposition"));

        Reply again = alice.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + id, png, "Content-Type", PNG);
        assertEquals(409, again.status(), again.text());
        assertEquals("M_CANNOT_OVERWRITE_MEDIA", again.errcode());
        Reply unknown = alice.http().send("PUT", "/_matrix/media/v3/upload/localhost/NeverCreated123", png,
                "Content-Type", PNG);
        assertEquals(404, unknown.status());
        assertEquals("M_NOT_FOUND", unknown.errcode());
        Reply elsewhere = alice.http().send("PUT", "/_matrix/media/v3/upload/matrix.org/" + id, png, "Content-Type", PNG);
        assertEquals(404, elsewhere.status());
    }

    @Test
    void tooManyPendingIdsAre429AndAnOversizedPutIs413() {
        Login alice = user("alice");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            Reply created = alice.http().post("/_matrix/media/v1/create", "{}");
            assertEquals(200, created.status(), created.text());
            ids.add(created.json().get("content_uri").asText().substring("mxc://localhost/".length()));
        }
        Reply more = alice.http().post("/_matrix/media/v1/create", "{}");
        assertEquals(429, more.status(), more.text());
        assertEquals("M_LIMIT_EXCEEDED", more.errcode());
        assertEquals(200, user("bob").http().post("/_matrix/media/v1/create", "{}").status(), "per user");

        Reply big = alice.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + ids.get(0),
                new byte[(int) MAX_UPLOAD + 10], "Content-Type", "application/octet-stream");
        assertEquals(413, big.status(), big.text());
        assertEquals(200, alice.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + ids.get(0), "ok".getBytes(),
                "Content-Type", "text/plain").status(), "the ID stays usable after a refused body");
        assertEquals(200, alice.http().post("/_matrix/media/v1/create", "{}").status(), "one pending less");
    }

    // --- thumbnails

    @Test
    void thumbnailsOfEveryFormatInTheConfiguredSizes() {
        Login alice = user("alice");
        record Case(String name, byte[] bytes, String type, String thumbnailType) {}
        for (Case c : List.of(new Case("png", TestImages.make("png", 400, 300), PNG, PNG),
                new Case("jpeg", TestImages.make("jpeg", 400, 300), "image/jpeg", "image/jpeg"),
                new Case("gif", TestImages.make("gif", 400, 300), "image/gif", PNG))) {
            String id = upload(alice, c.bytes(), c.type(), "");
            BinaryReply crop = thumbnail(alice, id, "width=64&height=64&method=crop");
            assertEquals(200, crop.status(), c.name() + " " + crop);
            assertEquals(c.thumbnailType(), crop.header("Content-Type"), c.name());
            assertTrue(crop.header("Content-Disposition").startsWith("inline; filename=\"thumbnail."), c.name());
            assertTrue(crop.header("Content-Security-Policy").startsWith("sandbox"), c.name());
            assertSize(96, 96, crop, c.name() + " crop");
            BinaryReply scale = thumbnail(alice, id, "width=300&height=200&method=scale");
            assertSize(320, 240, scale, c.name() + " scale");
            BinaryReply defaultMethod = thumbnail(alice, id, "width=300&height=200");
            assertArrayEquals(scale.body(), defaultMethod.body(), c.name() + ": scale is the default");
        }
        for (String kind : List.of("lossy", "lossless")) {
            String id = upload(alice, TestImages.webp(kind), "image/webp", "");
            BinaryReply crop = thumbnail(alice, id, "width=32&height=32&method=crop");
            assertEquals(PNG, crop.header("Content-Type"), kind);
            assertSize(32, 30, crop, "webp " + kind); // 40x30: cropped to 32 wide, never upscaled to 32 high
            BufferedImage image = TestImages.decode(crop.body());
            assertTrue((image.getRGB(2, 2) >> 16 & 0xFF) > 180, "webp " + kind + ": red top left");
        }
    }

    @Test
    void aThumbnailIsMadeOnceAndSmallImagesAreServedAsTheyAre() throws IOException {
        Login alice = user("alice");
        String id = upload(alice, TestImages.make("png", 500, 500), PNG, "");
        long before = fileCount();
        BinaryReply first = thumbnail(alice, id, "width=32&height=32&method=crop");
        assertEquals(before + 1, fileCount());
        BinaryReply second = thumbnail(alice, id, "width=20&height=20&method=crop"); // the same configured size
        assertArrayEquals(first.body(), second.body());
        assertEquals(before + 1, fileCount(), "stored once");

        byte[] small = TestImages.make("png", 10, 10);
        String smallId = upload(alice, small, "application/octet-stream", ""); // told by its bytes, not its type
        BinaryReply original = thumbnail(alice, smallId, "width=32&height=32&method=crop");
        assertArrayEquals(small, original.body());
        assertEquals(PNG, original.header("Content-Type"));
        // larger than every configured size: the original, never a smaller thumbnail
        String bigRequest = upload(alice, TestImages.make("jpeg", 1200, 900), "image/jpeg", "");
        assertSize(1200, 900, thumbnail(alice, bigRequest, "width=1000&height=700&method=scale"), "original");
    }

    @Test
    void badThumbnailRequests() {
        Login alice = user("alice");
        String image = upload(alice, TestImages.make("png", 50, 50), PNG, "");
        String text = upload(alice, "not an image".getBytes(), PNG, "");

        BinaryReply notImage = thumbnail(alice, text, "width=32&height=32");
        assertEquals(400, notImage.status(), notImage.toString());
        assertEquals("M_UNKNOWN", notImage.errcode());
        for (String query : List.of("width=-1&height=32", "width=32&height=0", "width=abc&height=32",
                "width=32&height=32&method=stretch", "width=32&height=32&animated=maybe", "width=100000&height=32")) {
            BinaryReply bad = thumbnail(alice, image, query);
            assertEquals(400, bad.status(), query + " " + bad);
            assertEquals("M_INVALID_PARAM", bad.errcode(), query);
        }
        BinaryReply missing = thumbnail(alice, image, "width=32");
        assertEquals(400, missing.status());
        assertEquals("M_MISSING_PARAM", missing.errcode());
    }

    // --- URL previews

    @Test
    void previewsNeverReachInternalAddresses() {
        Login alice = user("alice");
        int port = internal.getAddress().getPort();
        for (String url : List.of("http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
                "http://[::1]:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/",
                "http://127.0.0.2:" + site.getAddress().getPort() + "/to-internal")) {
            Reply reply = alice.http().get("/_matrix/client/v1/media/preview_url?url=" + encode(url));
            assertEquals(403, reply.status(), url + " " + reply.text());
            assertEquals("M_FORBIDDEN", reply.errcode(), url);
        }
        for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.2/", "gopher://127.0.0.1:70/", "/relative")) {
            Reply notHttp = alice.http().get("/_matrix/client/v1/media/preview_url?url=" + encode(url));
            assertEquals(400, notHttp.status(), url + " " + notHttp.text());
            assertEquals("M_INVALID_PARAM", notHttp.errcode(), url);
        }
        assertEquals(List.of(), internalRequests);
        Reply missing = alice.http().get("/_matrix/client/v1/media/preview_url");
        assertEquals(400, missing.status());
        assertEquals("M_MISSING_PARAM", missing.errcode());
    }

    @Test
    void aPublicPagePreviewsWithItsImageStoredAsMedia() {
        Login alice = user("alice");
        String url = "http://127.0.0.2:" + site.getAddress().getPort() + "/page.html#section";
        Reply reply = alice.http().get("/_matrix/media/v3/preview_url?url=" + encode(url));
        assertEquals(200, reply.status(), reply.text());
        JsonNode preview = reply.json();
        assertEquals("Hearth & friends", preview.get("og:title").asText());
        assertEquals("A public page", preview.get("og:description").asText());
        assertEquals(279, preview.get("og:image:width").asInt());
        assertEquals(129, preview.get("og:image:height").asInt());
        String image = preview.get("og:image").asText();
        assertTrue(image.startsWith("mxc://localhost/"), image);
        BinaryReply stored = download(alice, image.substring("mxc://localhost/".length()));
        assertEquals(preview.get("matrix:image:size").asLong(), stored.body().length);
        assertSize(279, 129, stored, "og:image");

        Reply authed = alice.http().get("/_matrix/client/v1/media/preview_url?url=" + encode(url));
        assertEquals("Hearth & friends", authed.json().get("og:title").asText());
        assertEquals(401, http().get("/_matrix/client/v1/media/preview_url?url=" + encode(url)).status());
    }

    // --- helpers

    static void assertSize(int width, int height, BinaryReply reply, String what) {
        assertEquals(200, reply.status(), what + " " + reply);
        BufferedImage image = TestImages.decode(reply.body());
        assertEquals(List.of(width, height), List.of(image.getWidth(), image.getHeight()), what);
    }

    private long fileCount() throws IOException {
        try (Stream<Path> walk = Files.walk(dataDir().resolve("media/files"))) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static List<Path> filesHolding(Path root, byte[] bytes) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) == bytes.length && java.util.Arrays.equals(Files.readAllBytes(p), bytes)) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
