package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.BinaryReply;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Metrics;
import org.hearth.testkit.Ports;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hs1's media served to other servers (Server-Server API, "Content Repository"): a user of
 * {@code hs1.test} uploads, {@code remote.test} (played by the test) downloads over federation
 * with signed requests and reads the {@code multipart/mixed} answer; {@code denied.test} is in
 * {@code federation.denied_servers}. Run once per database by the subclasses.
 */
abstract class FederatedMediaContract {
    static final int FED = Ports.free();
    static final PlayedServer REMOTE = new PlayedServer("remote.test", FederationWireContract.CA.issue("remote.test"));
    static final PlayedServer DENIED = new PlayedServer("denied.test", FederationWireContract.CA.issue("denied.test"));
    private static final FederationHttp HTTP = new FederationHttp(FederationWireContract.CA);
    private static final String P = "/_matrix/federation/v1/media/";

    static TestConfig hs1(TestConfig c) {
        return FederationWireContract.federation(c, "hs1.test", FED, Map.of(
                        "remote.test", "127.0.0.1:" + REMOTE.port(), "denied.test", "127.0.0.1:" + DENIED.port()))
                .set("federation.denied_servers", List.of("denied.test"))
                .set("media.max_pending_uploads", 100)
                .openRegistration();
    }

    static HearthServer server(java.util.function.Consumer<TestConfig> settings) {
        return FederationWireContract.server(settings);
    }

    abstract HearthServer hs1();

    /** The bundle starts its listener a moment after the server is up. */
    @BeforeAll
    static void awaitListener() {
        Await.until("the federation listener", Duration.ofSeconds(30), () -> {
            try {
                return HTTP.getBytes(FED, "/_matrix/federation/v1/version", null).status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
    }

    @Test
    void anotherServerDownloadsTheUploadedBytes() {
        byte[] png = TestImages.png(40, 30);
        String mediaId = upload(png, "image/png", "?filename=cat.png");

        BinaryReply reply = signedGet(REMOTE, P + "download/" + mediaId);
        assertEquals(200, reply.status(), reply.toString());
        MultipartBody body = MultipartBody.parse(reply.header("Content-Type"), reply.body());
        assertEquals(2, body.parts().size(), "exactly two parts");
        MultipartBody.Part metadata = body.parts().get(0);
        assertEquals("application/json", metadata.header("Content-Type"));
        assertEquals("{}", new String(metadata.body(), StandardCharsets.UTF_8));
        MultipartBody.Part media = body.parts().get(1);
        assertEquals("image/png", media.header("Content-Type"));
        assertEquals("inline; filename=\"cat.png\"", media.header("Content-Disposition"));
        assertArrayEquals(png, media.body(), "the uploaded bytes, exactly");
    }

    @Test
    void anotherServerGetsAThumbnail() {
        String mediaId = upload(TestImages.png(640, 480), "image/png", "");

        BinaryReply reply = signedGet(REMOTE, P + "thumbnail/" + mediaId + "?width=32&height=32&method=crop&animated=false");
        assertEquals(200, reply.status(), reply.toString());
        MultipartBody body = MultipartBody.parse(reply.header("Content-Type"), reply.body());
        assertEquals(2, body.parts().size());
        assertEquals("{}", new String(body.parts().get(0).body(), StandardCharsets.UTF_8));
        MultipartBody.Part thumbnail = body.parts().get(1);
        assertTrue(thumbnail.header("Content-Type").startsWith("image/"), thumbnail.headers().toString());
        assertTrue(thumbnail.header("Content-Disposition").startsWith("inline"), thumbnail.headers().toString());
        BufferedImage image = TestImages.decode(thumbnail.body());
        assertEquals(32, image.getWidth(), "the 32x32 crop size");
        assertEquals(32, image.getHeight());
    }

    @Test
    void unknownMediaIsNotFoundAndBadRequestsAre400() {
        BinaryReply unknown = signedGet(REMOTE, P + "download/NoSuchMediaHere");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("M_NOT_FOUND", unknown.errcode());
        assertEquals("application/json", unknown.header("Content-Type"));
        BinaryReply unknownThumbnail = signedGet(REMOTE, P + "thumbnail/NoSuchMediaHere?width=32&height=32");
        assertEquals(404, unknownThumbnail.status(), unknownThumbnail.toString());
        assertEquals("M_NOT_FOUND", unknownThumbnail.errcode());

        BinaryReply badId = signedGet(REMOTE, P + "download/not.a.media.id");
        assertEquals(400, badId.status(), badId.toString());
        assertEquals("M_INVALID_PARAM", badId.errcode());

        String mediaId = upload(TestImages.png(64, 64), "image/png", "");
        for (String query : List.of("width=0&height=32", "width=32&height=abc", "width=32&height=32&method=stretch",
                "width=32&height=32&animated=yes", "width=32&height=32&timeout_ms=-1")) {
            BinaryReply bad = signedGet(REMOTE, P + "thumbnail/" + mediaId + "?" + query);
            assertEquals(400, bad.status(), query + ": " + bad);
            assertEquals("M_INVALID_PARAM", bad.errcode(), query);
        }
        BinaryReply missing = signedGet(REMOTE, P + "thumbnail/" + mediaId + "?width=32");
        assertEquals(400, missing.status(), missing.toString());
        assertEquals("M_MISSING_PARAM", missing.errcode());
    }

    @Test
    void mediaReservedButNotUploadedIsWaitedForThen504() throws Exception {
        Accounts.Login alice = alice();
        Reply created = alice.http().post("/_matrix/media/v1/create", "{}");
        assertEquals(200, created.status(), created.toString());
        String mediaId = created.json().path("content_uri").asText().substring("mxc://hs1.test/".length());

        BinaryReply early = signedGet(REMOTE, P + "download/" + mediaId + "?timeout_ms=50");
        assertEquals(504, early.status(), early.toString());
        assertEquals("M_NOT_YET_UPLOADED", early.errcode());

        CompletableFuture<BinaryReply> waiting = CompletableFuture.supplyAsync(() ->
                signedGet(REMOTE, P + "download/" + mediaId + "?timeout_ms=20000"));
        Metrics.await(hs1().http(), "hearth_media_awaited_uploads", 1); // the download waits before the upload comes
        byte[] png = TestImages.png(12, 12);
        Reply put = alice.http().send("PUT", "/_matrix/media/v3/upload/hs1.test/" + mediaId, png,
                "Content-Type", "image/png");
        assertEquals(200, put.status(), put.toString());
        BinaryReply waited = waiting.get(15, TimeUnit.SECONDS);
        assertEquals(200, waited.status(), waited.toString());
        MultipartBody body = MultipartBody.parse(waited.header("Content-Type"), waited.body());
        assertArrayEquals(png, body.parts().get(1).body());
    }

    /**
     * More downloads wait than the listener has worker threads (32): a waiting download holds
     * none, so every one waits, other requests are answered meanwhile, and each is served once
     * its media is uploaded.
     */
    @Test
    void downloadsWaitingForUploadsHoldNoThread() throws Exception {
        Accounts.Login alice = alice();
        int count = 40;
        List<String> mediaIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Reply created = alice.http().post("/_matrix/media/v1/create", "{}");
            assertEquals(200, created.status(), created.toString());
            mediaIds.add(created.json().path("content_uri").asText().substring("mxc://hs1.test/".length()));
        }
        List<CompletableFuture<BinaryReply>> waiting = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(count);
        try {
            for (String mediaId : mediaIds) {
                waiting.add(CompletableFuture.supplyAsync(() ->
                        signedGet(REMOTE, P + "download/" + mediaId + "?timeout_ms=30000"), callers));
            }
            Metrics.await(hs1().http(), "hearth_media_awaited_uploads", count);
            BinaryReply meanwhile = signedGet(REMOTE, "/_matrix/federation/v1/version");
            assertEquals(200, meanwhile.status(), meanwhile.toString());

            byte[] png = TestImages.png(8, 8);
            for (String mediaId : mediaIds) {
                Reply put = alice.http().send("PUT", "/_matrix/media/v3/upload/hs1.test/" + mediaId, png,
                        "Content-Type", "image/png");
                assertEquals(200, put.status(), put.toString());
            }
            for (CompletableFuture<BinaryReply> w : waiting) {
                BinaryReply waited = w.get(20, TimeUnit.SECONDS);
                assertEquals(200, waited.status(), waited.toString());
                assertArrayEquals(png, MultipartBody.parse(waited.header("Content-Type"), waited.body()).parts().get(1).body());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void onlySignedRequestsOfAllowedServersAreServed() {
        String mediaId = upload("secret".getBytes(StandardCharsets.UTF_8), "text/plain", "");

        BinaryReply unsigned = HTTP.getBytes(FED, P + "download/" + mediaId, null);
        assertEquals(401, unsigned.status(), unsigned.toString());
        assertEquals("M_UNAUTHORIZED", unsigned.errcode());

        BinaryReply denied = signedGet(DENIED, P + "download/" + mediaId);
        assertEquals(403, denied.status(), denied.toString());
        assertEquals("M_FORBIDDEN", denied.errcode());
    }

    private BinaryReply signedGet(PlayedServer as, String target) {
        return HTTP.getBytes(FED, target, as.authorization("GET", target, "hs1.test", null, as.keys));
    }

    private Accounts.Login alice() {
        return Accounts.register(hs1().http(), "alice" + System.nanoTime() % 1_000_000_000, "pw");
    }

    /** Uploads as a new user of hs1; the media ID. */
    private String upload(byte[] bytes, String contentType, String query) {
        Accounts.Login alice = alice();
        Reply reply = alice.http().send("POST", "/_matrix/media/v3/upload" + query, bytes, "Content-Type", contentType);
        assertEquals(200, reply.status(), reply.toString());
        String uri = reply.json().path("content_uri").asText();
        assertTrue(uri.startsWith("mxc://hs1.test/"), uri);
        return uri.substring("mxc://hs1.test/".length());
    }
}
