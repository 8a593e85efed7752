package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media through matrix-js-sdk: Alice uploads a 640x480 PNG with {@code uploadContent}, downloads it
 * and a 96x96 cropped thumbnail from the authenticated-media URLs {@code mxcUrlToHttp} builds, and
 * the bytes and dimensions are what they should be.
 */
class MediaWithRealClientTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @TempDir
    Path dir;

    @Test
    void matrixJsSdkUploadsAndDownloadsAnImageAndItsThumbnail() throws Exception {
        ClientScripts.requireJsSdk();
        Path image = dir.resolve("picture.png");
        BufferedImage picture = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 640, 480);
        g.setColor(Color.BLUE);
        g.fillOval(120, 40, 400, 400);
        g.dispose();
        ImageIO.write(picture, "png", image.toFile());

        JsonNode result = new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/media.mjs", server.http().base().toString(), "js", image.toString())));

        assertTrue(result.get("contentUri").asText().startsWith("mxc://localhost/"), result.toString());
        assertEquals(50L * 1024 * 1024, result.get("uploadLimit").asLong());
        assertTrue(result.get("downloadUrl").asText().startsWith("/_matrix/client/v1/media/download/localhost/"),
                result.toString());
        assertEquals(200, result.get("downloadStatus").asInt());
        assertEquals("image/png", result.get("downloadType").asText());
        assertEquals("inline; filename=\"picture.png\"", result.get("downloadDisposition").asText());
        assertTrue(result.get("sameBytes").asBoolean(), "the download is the upload, byte for byte");
        assertTrue(result.get("thumbnailUrl").asText().startsWith("/_matrix/client/v1/media/thumbnail/localhost/"));
        assertEquals(200, result.get("thumbnailStatus").asInt());
        assertEquals("image/png", result.get("thumbnailType").asText());
        assertEquals(96, result.get("thumbnail").get("width").asInt());
        assertEquals(96, result.get("thumbnail").get("height").asInt());
        assertEquals(401, result.get("anonymousStatus").asInt(), "authenticated media needs the token");
    }
}
