package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthHome;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Ports;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;
import org.hearth.testkit.TestConfig;

/**
 * PDUs per second into a server through {@code PUT /_matrix/federation/v1/send}, between two
 * Hearth processes on loopback over TLS (a CA made for the run): users of hs2 joined to a room of
 * hs1 send messages; hs2's federation sender batches them into transactions, hs1's inbound
 * {@code /send} hands each PDU to core's checks and stores it. Figures:
 * <ul>
 * <li>latency: one message at a time, from the send on hs2 returning to the event in hs1's
 *     {@code /sync} (p50/p99);
 * <li>throughput: {@code messages} sent by {@code senders} users of hs2 at once; PDUs/s from the
 *     first send to the last event stored on hs1 (the sending side sets the pace when it is slower);
 * <li>catch-up: hs1 killed, {@code messages} queued on hs2, hs1 started again: the wait (hs2's
 *     back-off) and the rate of full 50-PDU transactions into hs1, where the receiver sets the pace;
 *     and hs1's CPU time per PDU meanwhile ({@link ServerCpu}), which the machine's load hardly changes.
 * </ul>
 * Needs core's FederationHost (remote joins and PDU intake). Usage:
 * {@code bench/run FederationBench [messages=2000] [senders=4] [latencySamples=200] [jfr=FILE]}, where
 * {@code jfr} records a Flight Recorder profile of hs1 during the catch-up ({@link JfrRecording}).
 */
public final class FederationBench {
    private FederationBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int latencySamples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String jfr = args.length > 3 && args[3].startsWith("jfr=") ? args[3].substring(4) : null;
        System.out.printf("FederationBench: %d messages, %d senders, %d latency samples; %d cores (SQLite)%n",
                messages, senders, latencySamples, Runtime.getRuntime().availableProcessors());
        TestCa ca = TestCa.create("Hearth bench CA");
        int fed1 = Ports.free();
        int fed2 = Ports.free();
        Path jar = federationJar();
        TestConfig c1 = server(ca, "hs1.test", fed1, "hs2.test", fed2, jar);
        TestConfig c2 = server(ca, "hs2.test", fed2, "hs1.test", fed1, jar);
        try (HearthProcess hs1 = HearthProcess.launch(c1.write(), c1.port()).awaitReady(Duration.ofSeconds(90));
             HearthProcess hs2 = HearthProcess.launch(c2.write(), c2.port()).awaitReady(Duration.ofSeconds(90))) {
            Accounts.Login alice = Accounts.register(hs1.http(), "alice", "pw");
            Reply created = alice.http().post("/_matrix/client/v3/createRoom",
                    Map.of("preset", "public_chat", "room_alias_name", "bench"));
            String room = created.json().path("room_id").asText();
            List<Accounts.Login> users = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Accounts.Login user = Accounts.register(hs2.http(), "sender" + i, "pw");
                Reply join = joinWithRetry(user, "#bench:hs1.test");
                if (join.status() != 200) {
                    throw new IllegalStateException("join over federation failed: " + join);
                }
                users.add(user);
            }
            Arrivals arrivals = new Arrivals(alice, room);
            arrivals.start();
            try {
                latency(users.get(0), room, arrivals, latencySamples);
                throughput(users, room, arrivals, messages);
            } finally {
                arrivals.stop();
            }
            hs1.kill();
            catchUp(c1, alice, users, room, messages, jfr);
        }
    }

    /**
     * hs1 killed, {@code messages} queued on hs2 meanwhile, hs1 started again: how long until it
     * has them all, and how fast they come once hs2's back-off lets the first transaction through
     * (full transactions of 50 PDUs: the inbound rate when the receiver sets the pace).
     */
    private static void catchUp(TestConfig c1, Accounts.Login alice, List<Accounts.Login> users, String room,
                                int messages, String jfr) throws Exception {
        long start = System.nanoTime();
        sendAll(users, room, messages, "c", "down");
        long queued = System.nanoTime();
        try (HearthProcess hs1 = HearthProcess.launch(c1.dir().resolve("hearth.yaml"), c1.port())
                .awaitReady(Duration.ofSeconds(90))) {
            long restarted = System.nanoTime();
            Map<String, Long> cpuBefore = ServerCpu.byKind(hs1.pid());
            JfrRecording recording = JfrRecording.start(hs1.pid(), jfr);
            Arrivals arrivals = new Arrivals(alice, room);
            arrivals.start();
            try {
                long first = Long.MAX_VALUE;
                long last = 0;
                for (int s = 0; s < users.size(); s++) {
                    int share = share(messages, users.size(), s);
                    if (share > 0) {
                        first = Math.min(first, arrivals.await("down " + s + "-0", Duration.ofMinutes(10)));
                        last = Math.max(last, arrivals.await("down " + s + "-" + (share - 1), Duration.ofMinutes(10)));
                    }
                }
                System.out.printf("[catch-up] %d messages queued on hs2 in %.1f s while hs1 was down; hs1 restarted, "
                                + "first arrived after %.1f s (hs2's back-off), all %.1f s later: %.0f PDUs/s%n",
                        messages, (queued - start) / 1e9, (first - restarted) / 1e9, (last - first) / 1e9,
                        messages / Math.max(0.001, (last - first) / 1e9));
                Map<String, Long> cpu = ServerCpu.since(cpuBefore, ServerCpu.byKind(hs1.pid()));
                long work = cpu.values().stream().mapToLong(Long::longValue).sum() - cpu.getOrDefault("jit", 0L);
                System.out.printf("[catch-up] hs1's CPU from its restart to the last arrival: %.2f ms per PDU "
                        + "without the JIT's (by kind of thread, ms: %s)%n", work / 1e6 / messages,
                        cpu.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() / 1_000_000).toList());
                recording.stop();
            } finally {
                arrivals.stop();
            }
        }
    }

    private static int share(int messages, int senders, int s) {
        return messages / senders + (s < messages % senders ? 1 : 0);
    }

    private static void sendAll(List<Accounts.Login> users, String room, int messages, String txn, String body)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < users.size(); s++) {
            Accounts.Login user = users.get(s);
            int sender = s;
            int share = share(messages, users.size(), s);
            done.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    send(user, room, txn + sender + "-" + i, body + " " + sender + "-" + i);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static void latency(Accounts.Login user, String room, Arrivals arrivals, int samples) throws Exception {
        LatencyRecorder latencies = new LatencyRecorder();
        long start = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            String body = "latency " + i;
            send(user, room, "l" + i, body);
            long sent = System.nanoTime();
            long arrived = arrivals.await(body, Duration.ofSeconds(30));
            latencies.record(Math.max(0, arrived - sent));
        }
        System.out.println("[send on hs2 -> /sync on hs1] " + latencies.summary((System.nanoTime() - start) / 1e9));
    }

    private static void throughput(List<Accounts.Login> users, String room, Arrivals arrivals, int messages)
            throws Exception {
        long start = System.nanoTime();
        sendAll(users, room, messages, "t", "bulk");
        long sent = System.nanoTime();
        long last = 0;
        for (int s = 0; s < users.size(); s++) {
            int share = share(messages, users.size(), s);
            if (share > 0) {
                last = Math.max(last, arrivals.await("bulk " + s + "-" + (share - 1), Duration.ofMinutes(10)));
            }
        }
        System.out.printf("[throughput] %d messages sent on hs2 in %.1f s (%.0f/s); all stored on hs1 after %.1f s: "
                        + "%.0f PDUs/s through /send; JVM of the bench: %d MB%n", messages, (sent - start) / 1e9,
                messages / ((sent - start) / 1e9), (last - start) / 1e9, messages / ((last - start) / 1e9),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    private static Reply joinWithRetry(Accounts.Login user, String alias) throws InterruptedException {
        Reply join = null;
        for (int attempt = 0; attempt < 30; attempt++) { // the federation bundles start a moment after the servers
            join = user.http().post("/_matrix/client/v3/join/" + URLEncoder.encode(alias, StandardCharsets.UTF_8), Map.of());
            if (join.status() == 200) {
                return join;
            }
            Thread.sleep(1000);
        }
        return join;
    }

    private static void send(Accounts.Login user, String room, String txn, String body) {
        Reply r = user.http().put("/_matrix/client/v3/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8)
                + "/send/m.room.message/" + txn, Map.of("msgtype", "m.text", "body", body));
        if (r.status() != 200) {
            throw new IllegalStateException("send failed: " + r);
        }
    }

    /** Alice's /sync loop on hs1: when each message body appeared. */
    /**
     * A sync filter whose timeline holds every event since the last sync: the default limit (10)
     * would hide events when more arrive between two syncs, as the 50 PDUs of one transaction can.
     */
    private static final String WHOLE_TIMELINE = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":500}}}",
            StandardCharsets.UTF_8);

    private static final class Arrivals {
        private final Accounts.Login alice;
        private final String room;
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Arrivals(Accounts.Login alice, String room) {
            this.alice = alice;
            this.room = room;
        }

        void start() {
            Reply first = alice.http().get("/_matrix/client/v3/sync?timeout=0");
            String[] since = {first.json().path("next_batch").asText()};
            thread = new Thread(() -> {
                while (running.get()) {
                    Reply r;
                    try {
                        r = alice.http().get("/_matrix/client/v3/sync?timeout=5000&filter=" + WHOLE_TIMELINE
                                + "&since=" + since[0]);
                    } catch (RuntimeException e) {
                        continue; // the server is going away at the end of a phase
                    }
                    if (r.status() != 200) {
                        continue;
                    }
                    long now = System.nanoTime();
                    since[0] = r.json().path("next_batch").asText();
                    for (JsonNode event : r.json().path("rooms").path("join").path(room).path("timeline").path("events")) {
                        seen.putIfAbsent(event.path("content").path("body").asText(), now);
                    }
                }
            }, "bench-sync");
            thread.setDaemon(true);
            thread.start();
        }

        long await(String body, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seen.containsKey(body)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("never arrived on hs1: " + body);
                }
                Thread.sleep(1);
            }
            return seen.get(body);
        }

        void stop() {
            running.set(false);
        }
    }

    private static TestConfig server(TestCa ca, String name, int fedPort, String other, int otherPort, Path jar)
            throws Exception {
        return server(ca, name, fedPort, Map.of(other, "127.0.0.1:" + otherPort), jar);
    }

    /** A server of the run: TLS from the run's CA, {@code hosts} (server name → address) its peers. */
    static TestConfig server(TestCa ca, String name, int fedPort, Map<String, String> hosts, Path jar)
            throws Exception {
        TestConfig config = new TestConfig(Files.createTempDirectory("hearth-bench-fed-")).openRegistration();
        Path[] tls = ca.issue(name);
        config.set("server_name", name)
                .set("federation.port", fedPort)
                .set("federation.bind_addresses", List.of("127.0.0.1"))
                .set("federation.tls_certificate", tls[0].toString())
                .set("federation.tls_private_key", tls[1].toString())
                .set("federation.ca_file", ca.caFile().toString())
                .set("federation.hosts", hosts)
                .set("federation.allow_private_addresses", true);
        Files.createDirectories(config.deployDir());
        Files.copy(jar, config.deployDir().resolve(jar.getFileName()));
        return config;
    }

    static Path federationJar() throws Exception {
        try (var jars = Files.list(HearthHome.get().resolve("bundles"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("hearth-federation-")).findFirst().orElseThrow();
        }
    }

}
