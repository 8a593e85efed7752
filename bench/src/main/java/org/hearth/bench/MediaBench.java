package org.hearth.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;

/**
 * Media repository figures against the assembled server started as its own process: upload and
 * download rates of a 20 MB file (streamed both ways, SHA-256 and fsync included), and the time to
 * make a thumbnail of a 12-megapixel JPEG (the first request of a size; the next ones are served
 * from the store).
 *
 * <p>Usage: {@code bench/run MediaBench [rounds=5] [sqlite|postgres]}
 */
public final class MediaBench {
    private static final int FILE_BYTES = 20 * 1000 * 1000;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String database = args.length > 1 ? args[1] : "sqlite";
        System.out.printf("MediaBench: %d rounds, %s, %d cores%n", rounds, database, Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("hearth-bench-");
        TestConfig config = new TestConfig(dir).set("registration.enabled", true).set("rate_limits.enabled", false);
        if (database.equals("postgres")) {
            config.set("database.url", Postgres.recreate("hearth_bench")).set("database.user", "postgres");
        }
        try (HearthProcess server = HearthProcess.launch(config.write(), config.port()).awaitReady(Duration.ofSeconds(60))) {
            URI base = server.http().base();
            String token = Accounts.register(server.http(), "bench", "password").accessToken();
            transfer(base, token, dir, rounds);
            thumbnails(base, token, dir, Math.max(1, Math.min(rounds, 3)));
            System.out.printf("server resident memory: %d MiB%n", AccountsBench.Rss.mib(server.pid()));
        }
    }

    private static void transfer(URI base, String token, Path dir, int rounds) throws Exception {
        Path file = dir.resolve("twenty-mb.bin");
        byte[] bytes = new byte[FILE_BYTES];
        new Random(1).nextBytes(bytes);
        Files.write(file, bytes);
        double upSum = 0;
        double downSum = 0;
        for (int i = 0; i < rounds; i++) {
            bytes[0] = (byte) i; // distinct content each round: no deduplicated shortcut
            Files.write(file, bytes);
            long start = System.nanoTime();
            String mxc = upload(base, token, HttpRequest.BodyPublishers.ofFile(file), "application/octet-stream");
            double up = mbPerSecond(FILE_BYTES, System.nanoTime() - start);
            start = System.nanoTime();
            long read = download(base, token, "/_matrix/client/v1/media/download/" + mxc.substring("mxc://".length()));
            double down = mbPerSecond(read, System.nanoTime() - start);
            if (read != FILE_BYTES) {
                throw new IllegalStateException("downloaded " + read + " bytes");
            }
            upSum += up;
            downSum += down;
            System.out.printf("  round %d: upload %.1f MB/s, download %.1f MB/s%n", i + 1, up, down);
        }
        System.out.printf("20 MB file: upload %.1f MB/s, download %.1f MB/s (mean of %d)%n", upSum / rounds,
                downSum / rounds, rounds);
    }

    private static void thumbnails(URI base, String token, Path dir, int rounds) throws Exception {
        double[] first = new double[3];
        double cachedSum = 0;
        String[] queries = {"width=320&height=240&method=scale", "width=800&height=600&method=scale",
                "width=32&height=32&method=crop"};
        for (int i = 0; i < rounds; i++) {
            Path jpeg = dir.resolve("photo-" + i + ".jpg");
            ImageIO.write(photo(4000, 3000, i), "jpeg", jpeg.toFile());
            String mxc = upload(base, token, HttpRequest.BodyPublishers.ofFile(jpeg), "image/jpeg");
            String path = "/_matrix/client/v1/media/thumbnail/" + mxc.substring("mxc://".length()) + "?";
            for (int q = 0; q < queries.length; q++) {
                long start = System.nanoTime();
                download(base, token, path + queries[q]);
                first[q] += (System.nanoTime() - start) / 1e6;
            }
            long start = System.nanoTime();
            download(base, token, path + queries[0]);
            cachedSum += (System.nanoTime() - start) / 1e6;
            if (i == 0) {
                System.out.printf("  12-megapixel JPEG: %.1f MB%n", Files.size(jpeg) / 1e6);
            }
        }
        System.out.printf("thumbnail of a 12-megapixel JPEG (first request, mean of %d): 320x240 scale %.0f ms, "
                        + "800x600 scale %.0f ms, 32x32 crop %.0f ms; from the store afterwards %.1f ms%n",
                rounds, first[0] / rounds, first[1] / rounds, first[2] / rounds, cachedSum / rounds);
    }

    /** A photo-like picture (gradients and noise), so the JPEG has a realistic size. */
    private static BufferedImage photo(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(240, 200, 120)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(24) - 12;
                int r = Math.max(0, Math.min(255, (rgb >> 16 & 0xFF) + noise));
                int gr = Math.max(0, Math.min(255, (rgb >> 8 & 0xFF) + noise));
                int b = Math.max(0, Math.min(255, (rgb & 0xFF) + noise));
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    private static String upload(URI base, String token, HttpRequest.BodyPublisher body, String type) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(base.resolve("/_matrix/media/v3/upload"))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .timeout(Duration.ofMinutes(2)).POST(body).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("upload: " + response.statusCode() + " " + response.body());
        }
        return response.body().replaceAll(".*\"content_uri\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** Reads the answer to its end and counts its bytes. */
    private static long download(URI base, String token, String path) throws Exception {
        HttpResponse<InputStream> response = CLIENT.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(2)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long count = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                count += n;
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + response.statusCode());
        }
        return count;
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    private MediaBench() {
    }
}
