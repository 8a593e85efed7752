package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;

/**
 * The figures of issue 14 (the write path, sync fan-out, memory, start-up), against the
 * assembled server started with its own {@code bin/hearth} as a separate process, on SQLite and
 * on a freshly created PostgreSQL database. Every simulated user has its own keep-alive
 * connection ({@link KeepAliveClient}).
 *
 * <p>Usage: {@code bench/run PerfBench [sqlite|postgres|both] [jfr=FILE] [jfr-rooms=FILE] [existing=DIR_OR_DB]
 * [rounds=5] [warm=10000] [members=1]}.
 * {@code jfr=} records a Flight Recorder profile of the server during the sequential sends,
 * {@code jfr-rooms=} during the rounds of the 8 concurrent clients;
 * {@code existing=} runs on a database filled by {@link PopulateBench} (a data directory for
 * SQLite, a database name for PostgreSQL) instead of an empty one; {@code rounds=} sets how many
 * rounds of the 8 concurrent clients run (more, to profile that workload), {@code warm=} how many
 * sequential sends warm the server up first, {@code members=} how many members the room of the
 * sequential sends has (local users, registered and joined through the API, none of them syncing):
 * whether a send's cost grows with the room. The server gets the
 * environment's {@code HEARTH_JAVA_OPTS}, as an operator's would. See bench/README.md.
 */
public final class PerfBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEQUENTIAL = 300;
    /**
     * Sends before the clock starts: a server runs for days, and until the JIT has compiled the
     * send path with C2 (methods called once a send reach its thresholds after some 10,000) its
     * compiler threads take much of the two cores.
     */
    private static final int WARM_UP = 10_000;
    /**
     * The warm-up sends go to a new room every this many, created just before, as the timed
     * sends are. Code compiled while only messages were sent assumes branches that a room's
     * creation takes; the creation just before the clock started then threw away the send path's
     * compiled code, and the first 50 or so timed sends ran in the interpreter and C1 (a
     * third of the row's time). A server that has run for days has taken those branches long ago.
     */
    private static final int WARM_UP_ROOM = 1_000;
    private static final int ROOMS = 8;
    private static final int PER_ROOM = 50;
    /**
     * Rounds of {@link #PER_ROOM} a client, unless {@code rounds=}: one round of 400 messages takes
     * a fraction of a second.
     */
    private static final int CONCURRENT_ROUNDS = 5;
    /**
     * Messages each of the {@link #ROOMS} clients sends at once before the rounds. With 1,000, the
     * first 15 of 150 rounds on PostgreSQL ran at a median of 2,561 msg/s and the rest at
     * 3,040-3,864: the JIT was still compiling what many writers committing together run.
     */
    private static final int CONCURRENT_WARM_UP = 2_000;
    private static final int MEMBERS = 50;
    private static final int ROUNDS = 20;

    /** One column of the table. */
    private record Figures(String database, String load, long coldStartMs, long idleRssMib, double sequentialRate,
                           LatencyRecorder sequential, double[] concurrentRates, LatencyRecorder concurrent,
                           LatencyRecorder fanOut, long afterRssMib) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        String which = "both";
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                which = arg;
            }
        }
        List<Figures> columns = new ArrayList<>();
        if (!which.equals("postgres")) {
            columns.add(run("SQLite", options, config -> {
                String existing = options.get("existing");
                if (existing != null) {
                    config.set("data_dir", existing);
                }
            }));
        }
        if (!which.equals("sqlite")) {
            String existing = options.get("existing");
            // a run's own database: two runs at once (helpers, A/B) must not drop each other's
            String name = existing != null ? existing : "hearth_perf_bench_" + ProcessHandle.current().pid();
            String url = existing != null ? Postgres.url(name) : Postgres.recreate(name);
            try {
                columns.add(run("PostgreSQL", options,
                        config -> config.set("database.url", url).set("database.user", "postgres")));
            } finally {
                if (existing == null) {
                    Postgres.drop(name);
                }
            }
        }
        print(columns, number(options, "members", 1));
    }

    /** The option {@code name=N}, else {@code otherwise}. */
    private static int number(Map<String, String> options, String name, int otherwise) {
        String value = options.get(name);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private interface Database {
        void configure(TestConfig config);
    }

    private static Figures run(String name, Map<String, String> options, Database database) throws Exception {
        Path dir = Files.createTempDirectory("hearth-perf-");
        TestConfig config = new TestConfig(dir).openRegistration();
        database.configure(config);
        Path file = config.write();
        String load = loadAverage();
        long launched = System.nanoTime();
        try (HearthProcess server = HearthProcess.launch(file, config.port())) {
            long coldStart = firstOk(server, config.port(), launched);
            server.awaitReady(Duration.ofSeconds(60));
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // let start-up's garbage and threads settle
            long idleRss = AccountsBench.Rss.mib(server.pid());
            MatrixHttp http = server.http();
            String prefix = "p" + Long.toString(System.nanoTime() % 1_000_000, 36);
            List<Accounts.Login> senders = new ArrayList<>();
            for (int i = 0; i < ROOMS; i++) {
                senders.add(Accounts.register(http, prefix + "s" + i, "pw"));
            }
            List<Accounts.Login> members = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                members.add(Accounts.register(http, prefix + "m" + i, "pw"));
            }
            int port = config.port();
            Accounts.Login first = senders.get(0);
            try (KeepAliveClient one = new KeepAliveClient(port, first.accessToken())) {
                int warm = number(options, "warm", WARM_UP);
                int roomMembers = number(options, "members", 1);
                String room;
                if (roomMembers > 1) {
                    // the warm-up goes to the timed room itself, after the joins: no room is created
                    // between it and the clock (see WARM_UP_ROOM), and the JIT sees sends to this many members
                    room = createRoom(one);
                    join(server.http(), port, room, prefix + "r", roomMembers - 1);
                    sendAll(one, room, warm, "warm");
                } else {
                    warmUp(one, warm);
                    room = createRoom(one);
                }
                JfrRecording recording = JfrRecording.start(server.pid(), options.get("jfr"));
                long start = System.nanoTime();
                LatencyRecorder sequential = sendAll(one, room, SEQUENTIAL, "seq");
                double rate = SEQUENTIAL / ((System.nanoTime() - start) / 1e9);
                recording.stop();

                LatencyRecorder concurrent = new LatencyRecorder();
                double[] concurrentRates = concurrently(port, senders, concurrent,
                        number(options, "rounds", CONCURRENT_ROUNDS), server.pid(), options.get("jfr-rooms"));

                String fanRoom = createRoom(one);
                for (Accounts.Login m : members) {
                    check(new KeepAliveClient(port, m.accessToken()).exchange("POST",
                            "/_matrix/client/v3/join/" + fanRoom, "{}"));
                }
                LatencyRecorder fanOut = fanOut(port, one, members, fanRoom);
                long afterRss = AccountsBench.Rss.mib(server.pid());
                return new Figures(name, load + " → " + loadAverage(), coldStart, idleRss, rate, sequential,
                        concurrentRates, concurrent, fanOut, afterRss);
            }
        }
    }

    /** Milliseconds from launching the process to its first 200 on {@code /versions}. */
    private static long firstOk(HearthProcess server, int port, long launched) {
        while (true) {
            try (KeepAliveClient probe = new KeepAliveClient(port, null)) {
                if (probe.get("/_matrix/client/versions").status() == 200) {
                    return (System.nanoTime() - launched) / 1_000_000;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() - launched > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("no 200 within 60 s:\n" + server.output());
            }
            LockSupport.parkNanos(2_000_000L);
        }
    }

    private static String createRoom(KeepAliveClient client) throws IOException {
        KeepAliveClient.Answer answer = check(client.exchange("POST", "/_matrix/client/v3/createRoom",
                "{\"preset\":\"public_chat\"}"));
        return JSON.readTree(answer.body()).get("room_id").asText();
    }

    /** {@code count} sequential sends, in rooms of {@link #WARM_UP_ROOM}. */
    private static void warmUp(KeepAliveClient client, int count) throws IOException {
        for (int sent = 0; sent < count; sent += WARM_UP_ROOM) {
            sendAll(client, createRoom(client), Math.min(WARM_UP_ROOM, count - sent), "warm" + sent + "-");
        }
    }

    /** Registers {@code count} users and joins each to the room, several at a time. */
    private static void join(MatrixHttp http, int port, String room, String prefix, int count) throws Exception {
        PushBench.parallel(count, i -> {
            Accounts.Login member = Accounts.register(http, prefix + i, "pw");
            try (KeepAliveClient c = new KeepAliveClient(port, member.accessToken())) {
                check(c.exchange("POST", "/_matrix/client/v3/join/" + room, "{}"));
            }
            return null;
        });
    }

    private static LatencyRecorder sendAll(KeepAliveClient client, String room, int count, String tag) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            check(send(client, room, tag + i, "message " + i));
            recorder.record(System.nanoTime() - start);
        }
        return recorder;
    }

    private static KeepAliveClient.Answer send(KeepAliveClient client, String room, String txn, String body) {
        return client.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/" + txn,
                "{\"msgtype\":\"m.text\",\"body\":\"" + body + "\"}");
    }

    /**
     * Each sender in its own room, all at once: {@link #CONCURRENT_ROUNDS} rounds of
     * {@link #PER_ROOM} messages each, after a warm-up of the same kind (a group commit of many
     * writers runs code a sequential send does not, which the JIT has not compiled yet). Answers
     * the rates of the rounds, messages per second of each round's wall time, in order.
     */
    private static double[] concurrently(int port, List<Accounts.Login> senders, LatencyRecorder recorder,
                                         int rounds, long pid, String jfr) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        List<KeepAliveClient> clients = new ArrayList<>();
        try {
            List<String> rooms = new ArrayList<>();
            for (Accounts.Login s : senders) {
                KeepAliveClient c = new KeepAliveClient(port, s.accessToken());
                clients.add(c);
                rooms.add(createRoom(c));
            }
            round(pool, clients, rooms, CONCURRENT_WARM_UP, "warm", new LatencyRecorder());
            JfrRecording recording = JfrRecording.start(pid, jfr);
            double[] rates = new double[rounds];
            for (int r = 0; r < rates.length; r++) {
                rates[r] = round(pool, clients, rooms, PER_ROOM, "c" + r + "-", recorder);
            }
            recording.stop();
            return rates;
        } finally {
            clients.forEach(KeepAliveClient::close);
            pool.shutdown();
        }
    }

    /** Every client sends {@code perRoom} messages in its room, all started at once; messages per second. */
    private static double round(ExecutorService pool, List<KeepAliveClient> clients, List<String> rooms, int perRoom,
                                String tag, LatencyRecorder recorder) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            KeepAliveClient c = clients.get(i);
            String room = rooms.get(i);
            running.add(pool.submit((Callable<Void>) () -> {
                go.await();
                for (int m = 0; m < perRoom; m++) {
                    long start = System.nanoTime();
                    check(send(c, room, tag + m, "message " + m));
                    recorder.record(System.nanoTime() - start);
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : running) {
            f.get();
        }
        return clients.size() * perRoom / ((System.nanoTime() - start) / 1e9);
    }

    /** Per round: from the send's answer to each member's waiting {@code /sync} returning with it. */
    private static LatencyRecorder fanOut(int port, KeepAliveClient sender, List<Accounts.Login> members, String room)
            throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        ExecutorService pool = Executors.newFixedThreadPool(members.size());
        List<KeepAliveClient> clients = new ArrayList<>();
        String[] tokens = new String[members.size()];
        for (int i = 0; i < members.size(); i++) {
            clients.add(new KeepAliveClient(port, members.get(i).accessToken()));
            tokens[i] = JSON.readTree(check(clients.get(i).get("/_matrix/client/v3/sync?timeout=0")).body())
                    .get("next_batch").asText();
        }
        try {
            for (int round = 0; round < ROUNDS; round++) {
                long[] returnedAt = new long[members.size()];
                List<Future<?>> polls = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    int index = i;
                    polls.add(pool.submit((Callable<Void>) () -> {
                        KeepAliveClient.Answer answer = check(clients.get(index).get(
                                "/_matrix/client/v3/sync?timeout=30000&since=" + tokens[index]));
                        long now = System.nanoTime();
                        JsonNode json = JSON.readTree(answer.body());
                        if (!json.path("rooms").path("join").path(room).path("timeline").isMissingNode()) {
                            returnedAt[index] = now;
                        }
                        tokens[index] = json.get("next_batch").asText();
                        return null;
                    }));
                }
                // The long polls must be parked in the server before the message; a bench may wait for that.
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                check(send(sender, room, "fan" + round, "round " + round));
                long answeredAt = System.nanoTime();
                for (Future<?> f : polls) {
                    f.get();
                }
                for (long at : returnedAt) {
                    if (at != 0) {
                        recorder.record(Math.max(0, at - answeredAt)); // a poll may return before the send's answer
                    }
                }
            }
        } finally {
            clients.forEach(KeepAliveClient::close);
            pool.shutdown();
        }
        return recorder;
    }

    private static KeepAliveClient.Answer check(KeepAliveClient.Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("unexpected answer " + answer);
        }
        return answer;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void print(List<Figures> columns, int roomMembers) {
        StringBuilder head = new StringBuilder("| workload |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Figures f : columns) {
            head.append(' ').append(f.database()).append(" |");
            rule.append("---|");
        }
        System.out.println();
        System.out.println(head);
        System.out.println(rule);
        row(columns, "one client, " + SEQUENTIAL + " messages in one room"
                        + (roomMembers > 1 ? " of " + roomMembers + " members" : "") + ", one after another",
                f -> String.format("%.0f msg/s (p50 %.2f, p99 %.2f ms)", f.sequentialRate(),
                        f.sequential().percentile(0.5), f.sequential().percentile(0.99)));
        row(columns, ROOMS + " clients, " + PER_ROOM + " messages each in its own room, at once",
                f -> String.format("%.0f msg/s (rounds %s; p50 %.2f, p99 %.2f ms)", median(f.concurrentRates()),
                        rates(f.concurrentRates()), f.concurrent().percentile(0.5), f.concurrent().percentile(0.99)));
        row(columns, MEMBERS + " members long-polling /sync, one sender, " + ROUNDS + " rounds: send's answer → each delivery",
                f -> String.format("p50 %.2f, p99 %.2f ms (%d deliveries)", f.fanOut().percentile(0.5),
                        f.fanOut().percentile(0.99), f.fanOut().count()));
        row(columns, "RSS idle after start; after the run", f -> f.idleRssMib() + " MiB; " + f.afterRssMib() + " MiB");
        row(columns, "cold start to the first 200", f -> f.coldStartMs() + " ms");
        row(columns, "load average (1, 5, 15 min) before → after", Figures::load);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The median of each tenth of the rounds, in order: whether the rate still grows. */
    private static String tenths(double[] values) {
        List<String> medians = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            double[] part = Arrays.copyOfRange(values, t * values.length / 10, (t + 1) * values.length / 10);
            medians.add(String.format("%.0f", median(part)));
        }
        return String.join(", ", medians);
    }

    private static String rates(double[] values) {
        if (values.length > 10) {
            return String.format("%d rounds, %.0f to %.0f; the median of each tenth: %s", values.length,
                    Arrays.stream(values).min().orElse(0), Arrays.stream(values).max().orElse(0), tenths(values));
        }
        return Arrays.stream(values).mapToObj(v -> String.format("%.0f", v))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static void row(List<Figures> columns, String name, java.util.function.Function<Figures, String> cell) {
        StringBuilder line = new StringBuilder("| ").append(name).append(" |");
        for (Figures f : columns) {
            line.append(' ').append(cell.apply(f)).append(" |");
        }
        System.out.println(line);
    }

    private PerfBench() {
    }
}
