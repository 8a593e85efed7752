package org.hearth.media.internal.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.config.ConfigException;
import org.hearth.api.id.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlPreviewsTest {
    private static final UserId ALICE = UserId.parse("@alice:example.org").orElseThrow();
    @TempDir
    Path dir;

    @Test
    void aPageWithAnImageAndAnImageUrlAndTheirFailures() throws Exception {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        site.createContext("/page", exchange -> respond(exchange, 200, "text/html",
                "<meta property=\"og:title\" content=\"Title\"><meta property=\"og:image\" content=\"/img\">"));
        site.createContext("/img", exchange -> respond(exchange, 200, "image/png", "png bytes"));
        site.createContext("/gone", exchange -> respond(exchange, 404, "text/html", "no"));
        site.start();
        try {
            List<String> stored = new ArrayList<>();
            UrlPreviews previews = new UrlPreviews(settings(null), (uploader, type, bytes) -> {
                stored.add(uploader + " " + type + " " + new String(bytes, StandardCharsets.UTF_8));
                return Optional.of(new UrlPreviews.StoredImage("mxc://example.org/abc", "image/png", bytes.length, 4, 3));
            });
            String base = "http://127.0.0.2:" + site.getAddress().getPort();

            assertEquals(Map.of("og:title", "Title", "og:image", "mxc://example.org/abc", "og:image:type", "image/png",
                    "og:image:width", 4, "og:image:height", 3, "matrix:image:size", 9L), previews.preview(base + "/page", ALICE));
            assertEquals(List.of("@alice:example.org image/png png bytes"), stored);
            assertEquals("mxc://example.org/abc", previews.preview(base + "/img", ALICE).get("og:image"));
            previews.preview(base + "/page#fragment-ignored", ALICE);
            assertEquals(2, stored.size(), "the page's preview came from the cache");

            MatrixException gone = assertThrows(MatrixException.class, () -> previews.preview(base + "/gone", ALICE));
            assertEquals(502, gone.status());
            MatrixException internal = assertThrows(MatrixException.class,
                    () -> previews.preview("http://127.0.0.1:" + site.getAddress().getPort() + "/page", ALICE));
            assertEquals(403, internal.status());
            assertEquals("M_FORBIDDEN", internal.errcode());
            MatrixException notHttp = assertThrows(MatrixException.class, () -> previews.preview("javascript:alert(1)", ALICE));
            assertEquals("M_INVALID_PARAM", notHttp.errcode());
        } finally {
            site.stop(0);
        }
    }

    @Test
    void aCaFileThatIsNoneIsNamed() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new UrlPreviews(settings(notPem), (u, t, b) -> Optional.empty()));
        assertTrue(e.getMessage().startsWith("media.url_preview.ca_file: "), e.getMessage());
        assertThrows(ConfigException.class, () -> new UrlPreviews(settings(dir.resolve("missing.pem")),
                (u, t, b) -> Optional.empty()));
    }

    private static PreviewSettings settings(Path caFile) {
        return new PreviewSettings(true, List.of(), List.of("127.0.0.2/32"), 1024 * 1024, 5000, caFile);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
