package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Ports;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;
import org.hearth.testkit.TestConfig;

/**
 * What serving a remote server the events it asks for costs the resident server (issue 11: a
 * server catching up on a room of many members asks {@code /event} of each event it lacks, and
 * each is judged by the room's history visibility at it). Two Hearth processes on loopback over
 * TLS (SQLite): hs1 holds a room of {@code members} users (history visibility {@code visibility},
 * "joined" by default, so that each event is judged by the memberships of the asking server's
 * users at it); a user of hs2 joins it. The benchmark gave hs2 its signing key, so it then asks
 * hs1, as hs2, {@code GET /_matrix/federation/v1/event/{id}} of {@code requests} of the room's
 * member events, one after another over one connection, after a warm-up of 500. Figures: requests
 * per second, p50/p99 of one request, hs1's CPU time per request ({@link ServerCpu}, in all and by
 * kind of thread), how many events came redacted, and the load average.
 *
 * <p>Usage: {@code bench/run ServedEventsBench [members=2000] [requests=1000] [visibility=joined]}
 */
public final class ServedEventsBench {
    private static final String KEY_ID = "ed25519:bench";
    private static final int WARM_UP = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServedEventsBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int members = Integer.parseInt(options.getOrDefault("members", "2000"));
        int requests = Integer.parseInt(options.getOrDefault("requests", "1000"));
        String visibility = options.getOrDefault("visibility", "joined");
        System.out.printf("ServedEventsBench: a room of %d members on hs1, history visibility %s; %d requests;"
                + " %d cores (SQLite)%n", members, visibility, requests, Runtime.getRuntime().availableProcessors());
        TestCa ca = TestCa.create("Hearth bench CA");
        int fed1 = Ports.free();
        int fed2 = Ports.free();
        Path jar = FederationBench.federationJar();
        TestConfig c1 = FederationBench.server(ca, "hs1.test", fed1, Map.of("hs2.test", "127.0.0.1:" + fed2), jar);
        TestConfig c2 = FederationBench.server(ca, "hs2.test", fed2, Map.of("hs1.test", "127.0.0.1:" + fed1), jar)
                .set("rooms.partial_state_joins", false);
        Ed25519Keys hs2Key = new Ed25519Keys();
        Path data2 = c2.dir().resolve("data");
        Files.createDirectories(data2);
        Files.writeString(data2.resolve("signing.key"), "ed25519 " + KEY_ID.substring("ed25519:".length()) + " "
                + hs2Key.seed() + "\n");
        CompletableFuture<HearthProcess> start1 = CompletableFuture.supplyAsync(() -> PartialJoinBench.launch(c1));
        CompletableFuture<HearthProcess> start2 = CompletableFuture.supplyAsync(() -> PartialJoinBench.launch(c2));
        try (HearthProcess hs1 = start1.join(); HearthProcess hs2 = start2.join()) {
            Accounts.Login creator = Accounts.register(hs1.http(), "creator", null);
            Reply created = creator.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat",
                    "initial_state", List.of(Map.of("type", "m.room.history_visibility", "state_key", "",
                            "content", Map.of("history_visibility", visibility)))));
            String room = created.json().path("room_id").asText();
            long filling = System.nanoTime();
            PartialJoinBench.fill(hs1, room, members);
            System.out.printf("hs1: %d members registered and joined in %.1f s; load %s%n", members,
                    (System.nanoTime() - filling) / 1e9, PartialJoinBench.load());
            Accounts.Login joiner = Accounts.register(hs2.http(), "joiner", null);
            Reply joined = joiner.http().post("/_matrix/client/v3/join/" + enc(room) + "?server_name=hs1.test", Map.of());
            if (joined.status() != 200) {
                throw new IllegalStateException("join of hs2's user: " + joined);
            }
            List<String> memberEvents = new ArrayList<>();
            for (JsonNode e : creator.http().get("/_matrix/client/v3/rooms/" + enc(room) + "/members").json().path("chunk")) {
                memberEvents.add(e.path("event_id").asText());
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(ca.clientContext()).connectTimeout(Duration.ofSeconds(10)).build();
            ask(client, fed1, hs2Key, memberEvents, WARM_UP, null); // the JIT, caches, the connection
            String loadBefore = PartialJoinBench.load();
            Map<String, Long> cpuBefore = ServerCpu.byKind(hs1.pid());
            LatencyRecorder latencies = new LatencyRecorder();
            long start = System.nanoTime();
            int redacted = ask(client, fed1, hs2Key, memberEvents, requests, latencies);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> cpu = ServerCpu.since(cpuBefore, ServerCpu.byKind(hs1.pid()));
            long allCpu = cpu.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("GET /event of %d member events (of %d): %.0f requests/s, p50 %.2f ms, p99 %.2f ms;"
                            + " hs1 CPU per request %.2f ms (by kind of thread, ms: %s); %d served redacted;"
                            + " load %s -> %s%n", requests, memberEvents.size(), requests / seconds,
                    latencies.percentile(0.50), latencies.percentile(0.99),
                    allCpu / 1e6 / requests, perRequest(cpu, requests), redacted, loadBefore,
                    PartialJoinBench.load());
        }
    }

    private static String perRequest(Map<String, Long> cpu, int requests) {
        StringBuilder out = new StringBuilder();
        cpu.forEach((kind, nanos) -> out.append(out.isEmpty() ? "" : ", ")
                .append(String.format("%s %.2f", kind, nanos / 1e6 / requests)));
        return out.toString();
    }

    /** Asks for {@code count} of the events in turn, as hs2; the number served redacted (no content). */
    private static int ask(HttpClient client, int port, Ed25519Keys key, List<String> eventIds, int count,
                           LatencyRecorder latencies) throws Exception {
        int redacted = 0;
        for (int i = 0; i < count; i++) {
            String target = "/_matrix/federation/v1/event/" + enc(eventIds.get(i % eventIds.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + target))
                    .header("Authorization", key.authorization("hs2.test", KEY_ID, "GET", target, "hs1.test", null))
                    .timeout(Duration.ofSeconds(30)).GET().build();
            long sent = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (latencies != null) {
                latencies.record(System.nanoTime() - sent);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + target + ": " + response.statusCode() + " " + response.body());
            }
            if (JSON.readTree(response.body()).path("pdus").path(0).path("content").size() <= 1) {
                redacted++; // redaction keeps a member event's membership only; a join has a displayname too
            }
        }
        return redacted;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
