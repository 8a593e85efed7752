package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.WaitingPolls;

/**
 * {@code GET /sync} against the assembled server started as its own process: the initial sync of
 * a user in 500 rooms, an empty incremental sync (nothing new, {@code timeout=0}) of a user in 100
 * and in 1,000 rooms (its cost should not grow with the rooms), and the fan-out of one message to
 * 50 and to 1,000 {@code /sync} long polls of members of the room, each its own user with its own
 * HTTP client: the time from the send's answer to each poll's answer (p50, p99), after 50 rounds of warm-up ({@code warm=N} for N).
 *
 * <p>Usage: {@code bench/run SyncBench [sqlite|postgres|both] [waiters=50,1000] [rooms=100,500,1000] [jfr=FILE] [rounds=10] [warm=50]}
 * (the initial sync is timed at 500 rooms, with the server's CPU time, which hardly depends on the
 * machine's load, and a Flight Recorder profile of it in FILE.sqlite / FILE.postgres when asked, and
 * of the fan-out rounds in FILE.fanoutN.sqlite / .postgres; the empty incremental one at the other sizes).
 * Each fan-out round prints its median and slowest delivery, and the run the server's CPU time of a
 * round (from before the send to the last answer) and of all rounds by kind of thread.
 */
public final class SyncBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REPEAT = 20;
    /**
     * Fan-out rounds before those counted, unless {@code warm=}: until the JIT has compiled the
     * answer of a woken poll, a round of 1,000 spent as much CPU compiling as answering (56–140 ms
     * of JIT CPU a round for some 50 rounds, 0–20 ms after), and a server runs for days.
     */
    private static final int WARM_ROUNDS = 50;

    public static void main(String[] args) throws Exception {
        String databases = args.length > 0 ? args[0] : "both";
        List<Integer> waiters = numbers(args, 1, "50,1000");
        List<Integer> sizes = numbers(args, 2, "100,500,1000");
        String jfr = args.length > 3 && args[3].startsWith("jfr=") ? args[3].substring(4) : null;
        // fan-out rounds: warm-up, then counted (more for a profile with more samples, or to see the JIT settle)
        Rounds rounds = new Rounds(option(args, "warm", WARM_ROUNDS, 0), option(args, "rounds", 10, 1));
        System.out.printf("SyncBench: fan-out to %s waiting /sync; %d cores%n", waiters,
                Runtime.getRuntime().availableProcessors());
        List<String> rows = new ArrayList<>();
        if (!"postgres".equals(databases)) {
            run("sqlite", c -> { }, sizes, waiters, rounds, rows, jfr);
        }
        if (!"sqlite".equals(databases)) {
            String db = Postgres.recreate("hearth_syncbench");
            try {
                run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), sizes, waiters,
                        rounds, rows, jfr);
            } finally {
                Postgres.drop("hearth_syncbench"); // as the other benchmarks do: nothing left behind
            }
        }
        System.out.println();
        System.out.println("| database | workload | figures |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** The last {@code name=N} of the arguments, else {@code otherwise}; at least {@code least}. */
    static int option(String[] args, String name, int otherwise, int least) {
        int value = Stream.of(args).filter(a -> a.startsWith(name + "="))
                .mapToInt(a -> Integer.parseInt(a.substring(name.length() + 1))).reduce((a, b) -> b).orElse(otherwise);
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least);
        }
        return value;
    }

    private static List<Integer> numbers(String[] args, int index, String otherwise) {
        return Stream.of((args.length > index ? args[index] : otherwise).split(",")).map(Integer::parseInt).toList();
    }

    private static void run(String name, Consumer<TestConfig> database, List<Integer> sizes, List<Integer> waiters,
                            Rounds rounds, List<String> rows, String jfr)
            throws Exception {
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(300))) {
            MatrixHttp http = server.http();
            Accounts.Login busy = Accounts.register(http, "busy", "pw");
            List<String> rooms = new ArrayList<>();
            for (int size : sizes) {
                while (rooms.size() < size) {
                    rooms.add(SlidingSyncBench.createRoom(busy));
                }
                if (size == 500) {
                    LatencyRecorder initial = new LatencyRecorder();
                    LatencyRecorder cpu = new LatencyRecorder();
                    JfrRecording recording = JfrRecording.start(server.pid(), jfr == null ? null : jfr + "." + name);
                    for (int i = 0; i < REPEAT; i++) {
                        long cpuBefore = ServerCpu.nanos(server.pid());
                        SlidingSyncBench.time(initial, () -> sync(busy, null, 0));
                        cpu.record(ServerCpu.nanos(server.pid()) - cpuBefore);
                    }
                    recording.stop();
                    row(rows, name, "initial /sync, 500 rooms", initial);
                    row(rows, name, "initial /sync, 500 rooms: server CPU", cpu);
                } else {
                    String since = sync(busy, null, 0).json().get("next_batch").asText();
                    LatencyRecorder empty = new LatencyRecorder();
                    for (int i = 0; i < REPEAT * 5; i++) {
                        SlidingSyncBench.time(empty, () -> sync(busy, since, 0));
                    }
                    row(rows, name, "empty incremental /sync, " + size + " rooms", empty);
                }
            }
            for (int n : waiters) {
                LatencyRecorder cpu = new LatencyRecorder();
                row(rows, name, "send -> " + n + " waiting /sync", fanOut(server, n, rounds,
                        jfr == null ? null : jfr + ".fanout" + n + "." + name, cpu));
                row(rows, name, "send -> " + n + " waiting /sync: server CPU of a round", cpu);
            }
            rows.add(String.format("| %s | server resident memory after the run | %d MiB |", name,
                    AccountsBench.Rss.mib(server.pid())));
        }
    }

    /** Fan-out rounds: {@code warm} not counted, then {@code counted}. */
    private record Rounds(int warm, int counted) {
    }

    /**
     * The time from a send's answer until each waiting member's {@code /sync} answers with it. Each
     * member polls on a plain keep-alive connection of its own ({@link KeepAliveClient}): with
     * Java's {@code HttpClient} (a selector thread per client, answers handed between threads) a
     * thousand clients on two cores measured mostly themselves. {@code cpu} gets the server's CPU
     * time of each round, from before the send to the last answer (the send's included), which
     * depends less on the machine's load than the latencies do.
     */
    private static LatencyRecorder fanOut(HearthProcess server, int waiters, Rounds rounds, String jfr,
                                          LatencyRecorder cpu)
            throws Exception {
        MatrixHttp http = server.http();
        Accounts.Login owner = Accounts.register(http, "owner" + waiters, "pw");
        String room = owner.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat")).json()
                .get("room_id").asText();
        ExecutorService setup = Executors.newFixedThreadPool(4);
        List<Future<Accounts.Login>> joining = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            String username = "waiter" + waiters + "_" + i;
            joining.add(setup.submit(() -> {
                Accounts.Login l = Accounts.register(http, username, "pw");
                SlidingSyncBench.check(l.http().post("/_matrix/client/v3/join/" + room, Map.of()));
                return l;
            }));
        }
        List<Accounts.Login> users = new ArrayList<>();
        for (Future<Accounts.Login> f : joining) {
            users.add(f.get());
        }
        setup.shutdown();
        int port = http.base().getPort();
        List<KeepAliveClient> clients = users.stream().map(u -> new KeepAliveClient(port, u.accessToken())).toList();
        String[] since = new String[waiters];
        for (int pass = 0; pass < 2; pass++) { // the second after every waiter's first sync made it online
            for (int i = 0; i < waiters; i++) {
                since[i] = poll(clients.get(i), since[i], 0).get("next_batch").asText();
            }
        }
        LatencyRecorder recorder = new LatencyRecorder();
        Map<String, Long> cpuByKind = new java.util.TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(waiters, r -> {
            Thread t = new Thread(r, "waiter");
            t.setDaemon(true); // a failed run must not keep the benchmark alive
            return t;
        });
        int parkedBefore = WaitingPolls.count(http);
        JfrRecording recording = null;
        for (int m = -rounds.warm(); m < rounds.counted(); m++) {
            if (m == 0) {
                recording = JfrRecording.start(server.pid(), jfr);
            }
            long[] returnedAt = new long[waiters];
            List<Future<?>> polls = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                int index = i;
                polls.add(pool.submit(() -> {
                    while (true) { // a poll answered with only the sender's presence polls again
                        KeepAliveClient.Answer answer = clients.get(index).get(syncPath(since[index], 60_000)).ok();
                        returnedAt[index] = System.nanoTime(); // delivered: parsing it is the client's work
                        JsonNode reply = JSON.readTree(answer.body());
                        since[index] = reply.get("next_batch").asText();
                        if (reply.path("rooms").path("join").has(room)) {
                            return null;
                        }
                    }
                }));
            }
            WaitingPolls.await(http, parkedBefore + waiters);
            Map<String, Long> cpuBefore = ServerCpu.byKind(server.pid());
            SlidingSyncBench.send(owner, room, "fan " + m);
            long sent = System.nanoTime();
            LatencyRecorder round = m < 0 ? new LatencyRecorder() : recorder;
            round.recordReturns(polls, returnedAt, sent);
            Map<String, Long> used = ServerCpu.since(cpuBefore, ServerCpu.byKind(server.pid()));
            if (m >= 0) {
                cpu.record(used.values().stream().mapToLong(Long::longValue).sum());
                used.forEach((kind, nanos) -> cpuByKind.merge(kind, nanos, Long::sum));
            }
            roundFigures(m, returnedAt, sent, used);
        }
        recording.stop();
        System.out.printf("  server CPU of the rounds by kind of thread (ms): %s%n", cpuByKind.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() / 1_000_000).toList());
        pool.shutdown();
        clients.forEach(KeepAliveClient::close);
        return recorder;
    }

    /**
     * One round's median and slowest delivery, and the server's CPU time by kind of thread; the warm-up
     * rounds (not counted) are numbered below 0.
     */
    private static void roundFigures(int round, long[] returnedAt, long sent, Map<String, Long> cpu) {
        long[] latencies = java.util.Arrays.stream(returnedAt).map(at -> Math.max(0, at - sent)).sorted().toArray();
        System.out.printf("  round %d%s: p50 %.1f ms, max %.1f ms; server CPU (ms) %s%n", round,
                round < 0 ? " (warm-up)" : "", latencies[latencies.length / 2] / 1e6,
                latencies[latencies.length - 1] / 1e6, cpu.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue() / 1_000_000).toList());
    }

    private static JsonNode poll(KeepAliveClient client, String since, long timeoutMs) throws IOException {
        return JSON.readTree(client.get(syncPath(since, timeoutMs)).ok().body());
    }

    private static String syncPath(String since, long timeoutMs) {
        // offline, as sync() says
        return "/_matrix/client/v3/sync?set_presence=offline&timeout=" + timeoutMs + (since == null ? "" : "&since=" + since);
    }

    private static void row(List<String> rows, String db, String workload, LatencyRecorder r) throws Exception {
        String line = String.format("| %s | %s | p50 %.2f ms, p99 %.2f ms (%d samples); %s |", db, workload,
                r.percentile(0.5), r.percentile(0.99), r.count(), uptime());
        System.out.println(line);
        rows.add(line);
    }

    /** The machine's load while the figure was taken: the machine is shared. */
    private static String uptime() throws Exception {
        String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return "load " + String.join(" ", load[0], load[1], load[2]);
    }

    private static Reply sync(Accounts.Login user, String since, long timeoutMs) {
        // offline: a sync that sets a user online is news to every other member, and no poll would stay parked
        Reply reply = user.http().get("/_matrix/client/v3/sync?set_presence=offline&timeout=" + timeoutMs
                + (since == null ? "" : "&since=" + since));
        SlidingSyncBench.check(reply);
        return reply;
    }
}
