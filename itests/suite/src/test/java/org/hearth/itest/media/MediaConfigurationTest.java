package org.hearth.itest.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.BinaryReply;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code media:} keys that change what clients see: a freeze of the unauthenticated endpoints
 * set after the uploads, the expiry of unused media IDs, URL previews off (the default), and a
 * wrong key named in the log.
 */
class MediaConfigurationTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration()
            .set("media.freeze_unauthenticated_at", "2100-01-01T00:00:00Z")
            .set("media.unused_expiry_ms", 1000))
            .deploying(TestBundles.echo()); // its Clock, moved on instead of waiting

    @TempDir
    Path dir;

    @Test
    void mediaUploadedBeforeTheFreezeStayReadableWithoutAuthentication() {
        Login alice = Accounts.register(server.http(), "alice", "pw");
        byte[] png = TestImages.make("png", 300, 300);
        String id = MediaApiContract.upload(alice, png, "image/png", "?filename=old.png");

        BinaryReply legacy = server.http().getBytes("/_matrix/media/v3/download/localhost/" + id);
        assertEquals(200, legacy.status(), legacy.toString());
        assertArrayEquals(png, legacy.body());
        assertEquals("inline; filename=\"old.png\"", legacy.header("Content-Disposition"));
        assertEquals("cross-origin", legacy.header("Cross-Origin-Resource-Policy"));
        MediaApiContract.assertSize(96, 96, server.http().getBytes("/_matrix/media/v3/thumbnail/localhost/" + id
                + "?width=96&height=96&method=crop"), "legacy thumbnail");
        Reply traversal = server.http().get("/_matrix/media/v3/download/localhost/..%2Fsigning.key");
        assertEquals(400, traversal.status());
    }

    @Test
    void aCreatedIdLapsesUnused() {
        // The media repository takes the test clock when it comes (a greedy reference): create after that.
        Await.until("the test clock", Duration.ofSeconds(20), () -> advance(0).status() == 200);
        Login carol = Accounts.register(server.http(), "carol", "pw");
        Reply created = carol.http().post("/_matrix/media/v1/create", "{}");
        assertEquals(200, created.status(), created.text());
        String id = created.json().get("content_uri").asText().substring("mxc://localhost/".length());
        long expiresAt = created.json().get("unused_expires_at").asLong();
        Reply moved = advance(1_100);
        assertTrue(moved.json().get("now").asLong() > expiresAt, moved.text());

        Reply late = carol.http().send("PUT", "/_matrix/media/v3/upload/localhost/" + id, "late".getBytes(),
                "Content-Type", "text/plain");
        assertEquals(404, late.status(), late.text());
        assertEquals("M_NOT_FOUND", late.errcode());
    }

    private static Reply advance(long ms) {
        return server.http().post("/_hearth/test/clock", Map.of("advance_ms", ms));
    }

    @Test
    void previewsAreOffByDefault() {
        Login bob = Accounts.register(server.http(), "bob", "pw");
        Reply reply = bob.http().get("/_matrix/client/v1/media/preview_url?url=" + MediaApiContract.encode("https://example.org/"));
        assertEquals(404, reply.status(), reply.text());
        assertEquals("M_UNRECOGNIZED", reply.errcode());
    }

    @Test
    void aWrongKeyStopsStartUpWithALineNamingIt() throws Exception {
        // The media bundle is a system bundle: its section is checked against its metatype before start.
        TestConfig config = new TestConfig(dir).set("media.max_upload", 10);
        try (HearthProcess hearth = HearthProcess.launch(config.write(), config.port())) {
            assertEquals(1, hearth.awaitExit(Duration.ofSeconds(60)), hearth.output());
            assertTrue(hearth.output().contains("media.max_upload: unknown key"), hearth.output());
        }
    }
}
