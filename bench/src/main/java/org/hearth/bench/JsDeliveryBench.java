package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hearth.testkit.HearthHome;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;

/**
 * How soon a matrix-js-sdk client sees another's message: two clients of matrix-js-sdk (from
 * {@code itests/clients/js}, installed with {@code npm ci --prefix itests/clients/js}) in one room,
 * each running the SDK's own sync loop, against the assembled server started as its own process.
 * Alice sends one message at a time and waits until Bob's client shows it as a timeline event; the
 * figures are the time from her {@code sendMessage} call and from the server's answer to her. The
 * two clients share one Node.js event loop, as two tabs of a browser would not: the time includes
 * the SDK's processing of the sync answer.
 *
 * <p>Usage: {@code bench/run JsDeliveryBench [sqlite|postgres|both] [messages=300] [warm=3000]}
 * (the warm-up messages, sent the same way, are not counted: after 50 of them the server's JIT had
 * not compiled the send path yet, and the first figure read 9.3 ms instead of 3.9).
 */
public final class JsDeliveryBench {

    public static void main(String[] args) throws Exception {
        String databases = args.length > 0 && !args[0].contains("=") ? args[0] : "both";
        int messages = SyncBench.option(args, "messages", 300, 1);
        int warm = SyncBench.option(args, "warm", 3000, 0);
        Path scripts = HearthHome.get().resolve("../../../itests/clients/js").normalize();
        if (!Files.isDirectory(scripts.resolve("node_modules/matrix-js-sdk"))) {
            System.err.println("JsDeliveryBench needs matrix-js-sdk: npm ci --prefix " + scripts);
            System.exit(1);
        }
        List<String> rows = new ArrayList<>();
        if (!"postgres".equals(databases)) {
            rows.add(run("sqlite", c -> { }, scripts, warm, messages));
        }
        if (!"sqlite".equals(databases)) {
            String name = "hearth_js_delivery_bench_" + ProcessHandle.current().pid();
            String url = Postgres.recreate(name);
            try {
                rows.add(run("postgres", c -> c.set("database.url", url).set("database.user", "postgres"), scripts,
                        warm, messages));
            } finally {
                Postgres.drop(name);
            }
        }
        System.out.println();
        System.out.println("| database | sendMessage call → Bob's timeline event | server's answer to Alice → Bob's timeline event | load average before → after |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(String name, Consumer<TestConfig> database, Path scripts, int warm, int messages)
            throws Exception {
        String load = PerfBench.loadAverage();
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(120))) {
            JsonNode result = node(scripts, server.http().base().toString(), warm, messages);
            return String.format("| %s | %s | %s | %s → %s |", name, figures(result.get("fromSend")),
                    figures(result.get("fromAnswer")), load, PerfBench.loadAverage());
        }
    }

    private static JsonNode node(Path scripts, String baseUrl, int warm, int messages)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("js-delivery-", ".log");
        Process process = new ProcessBuilder("node", "delivery-latency.mjs", baseUrl,
                "d" + Long.toString(System.nanoTime() % 1_000_000, 36), String.valueOf(warm), String.valueOf(messages))
                .directory(scripts.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(660, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("node delivery-latency.mjs failed: " + Files.readString(output));
        }
        String last = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no figures from node: " + output));
        return new ObjectMapper().readTree(last);
    }

    private static String figures(JsonNode millis) {
        LatencyRecorder recorder = new LatencyRecorder();
        millis.forEach(ms -> recorder.record(Math.round(ms.asDouble() * 1e6)));
        return String.format("p50 %.2f ms, p99 %.2f ms (%d messages)", recorder.percentile(0.50),
                recorder.percentile(0.99), recorder.count());
    }
}
