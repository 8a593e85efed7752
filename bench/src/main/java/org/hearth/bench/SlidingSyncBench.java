package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.WaitingPolls;

/**
 * Simplified sliding sync (MSC4186) against the assembled server started as its own process, on
 * SQLite and PostgreSQL: for a user in each of the given numbers of rooms, the first response of
 * a new connection (a window of 20 rooms, as Element X starts, and every room), the incremental
 * response after one new message, the connection state kept per {@code pos} (bytes in the
 * database, the durable copy of what the server holds in memory) and the heap the server keeps
 * per connection; then the latency from a send returning to the long polls of {@code listeners}
 * connections returning with it. The server's CPU time of a first response (window) and of an
 * incremental one ({@link ServerCpu}, by kind of thread: the JIT compilers' share shrinks as the
 * code warms up, so {@code repeat=200} gives steadier figures) does not depend on the machine's
 * load as the latencies do.
 *
 * <p>Usage: {@code bench/run SlidingSyncBench [listeners=100] [rooms=10,500]
 * [db=sqlite|postgres|both] [repeat=20] [jfr=PREFIX]}, e.g. {@code bench/run SlidingSyncBench 100
 * 10,500,5000}: the rooms are created by {@value #CREATORS} clients at once, a user in more than
 * 1,000 rooms gets 5 first responses instead of {@value #FIRST}, and {@code repeat} incremental
 * ones are timed. {@code jfr=/tmp/s} records Flight Recorder profiles of the server, for the
 * largest number of rooms, during the first responses and during the incremental ones timed for
 * their CPU ({@code /tmp/s-sqlite-first.jfr}, {@code /tmp/s-sqlite-incremental.jfr}, and
 * {@code -postgres-}), and prints their summaries ({@link JfrSummary}).
 */
public final class SlidingSyncBench {
    private static final String SYNC = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";
    private static final AtomicInteger TXN = new AtomicInteger();
    private static final int FIRST = 20;
    private static final int DEVICES = 20;
    private static int repeat = 20;
    private static String jfr;
    private static final int CREATORS = 4;
    /** Time for a send's work after its answer (stream consumers) before a request's CPU time is read. */
    private static final Duration SETTLE = Duration.ofMillis(200);

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                positional.add(arg);
            }
        }
        int listeners = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 100;
        List<Integer> sizes = Stream.of((positional.size() > 1 ? positional.get(1) : "10,500").split(","))
                .map(Integer::parseInt).toList();
        String which = options.getOrDefault("db", "both");
        repeat = Integer.parseInt(options.getOrDefault("repeat", "20"));
        jfr = options.get("jfr");
        System.out.printf("SlidingSyncBench: users in %s rooms, %d long-polling connections; %d cores; load %s%n",
                sizes, listeners, Runtime.getRuntime().availableProcessors(), loadAverage());
        if (!"postgres".equals(which)) {
            run("sqlite", c -> { }, sizes, listeners);
        }
        if (!"sqlite".equals(which)) {
            String db = Postgres.recreate("hearth_bench");
            run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), sizes, listeners);
        }
        System.out.printf("load average after: %s%n", loadAverage());
    }

    private static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /** A profile of what follows when {@code jfr=} was given and this is the largest size. */
    private static JfrRecording profile(HearthProcess server, String name, String part, boolean largest)
            throws Exception {
        return JfrRecording.start(server.pid(), jfr != null && largest ? jfr + "-" + name + "-" + part + ".jfr" : null);
    }

    private static void run(String name, Consumer<TestConfig> database, List<Integer> sizes, int listeners)
            throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench-");
        TestConfig config = new TestConfig(dir).openRegistration();
        database.accept(config);
        try (HearthProcess server = HearthProcess.launch(config.write(), config.port()).awaitReady(Duration.ofSeconds(60))) {
            MatrixHttp http = server.http();
            for (int size : sizes) {
                boolean largest = size == sizes.get(sizes.size() - 1);
                Accounts.Login user = Accounts.register(http, "busy" + size, "pw");
                List<String> rooms = createRooms(user, size);
                if ("postgres".equals(name)) {
                    analyze(); // as autovacuum would have by now: plans for thousands of new rooms
                }
                Map<String, Object> window = lists(19);
                Map<String, Object> all = lists(size - 1);
                LatencyRecorder firstWindow = new LatencyRecorder();
                LatencyRecorder firstAll = new LatencyRecorder();
                LatencyRecorder windowCpu = new LatencyRecorder();
                // A first response of thousands of rooms takes seconds: fewer of them.
                JfrRecording firstProfile = profile(server, name, "first", largest);
                for (int i = 0; i < (size > 1000 ? 5 : FIRST); i++) {
                    String connId = Integer.toString(i);
                    long cpu = ServerCpu.nanos(server.pid());
                    time(firstWindow, () -> sync(user, null, "w" + connId, window));
                    windowCpu.record(ServerCpu.nanos(server.pid()) - cpu);
                    time(firstAll, () -> sync(user, null, "a" + connId, all));
                }
                firstProfile.stop();
                System.out.printf("[%s] %d rooms, first response, window [0,19]: %s%n", name, size, firstWindow.summary(1));
                System.out.printf("[%s] %d rooms, first response, all rooms:     %s%n", name, size, firstAll.summary(1));
                System.out.printf("[%s] %d rooms, first response, window [0,19], server CPU: %s%n", name, size,
                        cpuSummary(windowCpu));

                String pos = sync(user, null, "inc", all).get("pos").asText();
                LatencyRecorder incremental = new LatencyRecorder();
                for (int i = 0; i < repeat; i++) {
                    send(user, rooms.get(i % rooms.size()), "m" + i);
                    long start = System.nanoTime();
                    JsonNode next = sync(user, pos, "inc", all);
                    incremental.record(System.nanoTime() - start);
                    pos = next.get("pos").asText();
                }
                System.out.printf("[%s] %d rooms, incremental after one message: %s%n", name, size,
                        incremental.summary(1));
                LatencyRecorder incrementalCpu = new LatencyRecorder();
                JfrRecording incrementalProfile = profile(server, name, "incremental", largest);
                Map<String, Long> byKind = new java.util.TreeMap<>();
                for (int i = 0; i < repeat; i++) {
                    send(user, rooms.get((repeat + i) % rooms.size()), "c" + i);
                    LockSupport.parkNanos(SETTLE.toNanos()); // the send's work after its answer (stream consumers)
                    Map<String, Long> before = ServerCpu.byKind(server.pid());
                    pos = sync(user, pos, "inc", all).get("pos").asText();
                    Map<String, Long> used = ServerCpu.since(before, ServerCpu.byKind(server.pid()));
                    incrementalCpu.record(used.values().stream().mapToLong(Long::longValue).sum());
                    used.forEach((kind, nanos) -> byKind.merge(kind, nanos, Long::sum));
                }
                incrementalProfile.stop();
                System.out.printf("[%s] %d rooms, incremental after one message, server CPU: %s; mean by thread %s%n",
                        name, size, cpuSummary(incrementalCpu), perRequest(byKind, repeat));
                System.out.printf("[%s] %d rooms, connection state per pos: %s%n", name, size, stateBytes(name, dir,
                        user.userId()));
                System.out.printf("[%s] %d rooms, heap per connection (all rooms listed, after a full GC): %s%n", name,
                        size, heapPerConnection(server, http, user, all));
            }
            fanOut(name, http, listeners);
            System.out.printf("[%s] server resident memory: %d MiB%n", name, AccountsBench.Rss.mib(server.pid()));
        }
    }

    /** The user's rooms, created by {@value #CREATORS} clients at once (thousands take minutes one by one). */
    private static List<String> createRooms(Accounts.Login user, int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                created.add(pool.submit(() -> createRoom(user)));
            }
            List<String> rooms = new ArrayList<>();
            for (Future<String> f : created) {
                rooms.add(f.get());
            }
            return rooms;
        } finally {
            pool.shutdown();
        }
    }

    /** Server CPU time a request (all its threads, {@link ServerCpu}): hardly moved by the machine's load. */
    private static String cpuSummary(LatencyRecorder cpu) {
        return String.format("%d requests, p50 %.2f ms, mean %.2f ms", cpu.count(), cpu.percentile(0.50),
                cpu.seconds() * 1000 / cpu.count());
    }

    /**
     * The heap the server keeps for each of {@value #DEVICES} connections of the user, each on a
     * device of its own listing all the rooms, one incremental request made on each (that moves
     * it on, as a client's second request does).
     */
    private static String heapPerConnection(HearthProcess server, MatrixHttp http, Accounts.Login user,
                                            Map<String, Object> all) throws Exception {
        List<Accounts.Login> devices = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            devices.add(Accounts.login(http, user.userId(), "pw", false));
        }
        long before = HeapUsed.afterGcBytes(server.pid());
        for (Accounts.Login device : devices) {
            String pos = sync(device, null, "", all).get("pos").asText();
            sync(device, pos, "", all);
        }
        long after = HeapUsed.afterGcBytes(server.pid());
        return String.format("%.1f KiB (%d connections: %.1f MiB more)", (after - before) / 1024.0 / DEVICES, DEVICES,
                (after - before) / 1024.0 / 1024);
    }

    /** Milliseconds a request by kind of thread ({@link ServerCpu#byKind}). */
    private static String perRequest(Map<String, Long> byKind, int requests) {
        StringBuilder out = new StringBuilder();
        byKind.forEach((kind, nanos) -> out.append(out.length() == 0 ? "" : ", ")
                .append(String.format("%s %.2f ms", kind, nanos / 1e6 / requests)));
        return out.toString();
    }

    /** The time from a send returning until each waiting connection's long poll returns with it. */
    private static void fanOut(String name, MatrixHttp http, int listeners) throws Exception {
        Accounts.Login owner = Accounts.register(http, "owner", "pw");
        String room = owner.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat")).json()
                .get("room_id").asText();
        List<Accounts.Login> users = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            Accounts.Login l = Accounts.register(http, "listener" + i, "pw");
            l.http().post("/_matrix/client/v3/join/" + room, Map.of());
            users.add(l);
            positions.add(sync(l, null, "", lists(9)).get("pos").asText());
        }
        for (int i = 0; i < listeners; i++) { // past the joins of those who came after: every first poll parks
            positions.set(i, sync(users.get(i), positions.get(i), "", lists(9)).get("pos").asText());
        }
        LatencyRecorder recorder = new LatencyRecorder();
        ExecutorService pool = Executors.newFixedThreadPool(listeners, r -> { // daemons: a failure ends the bench
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        for (int m = 0; m < 20; m++) {
            CountDownLatch polling = new CountDownLatch(listeners);
            long[] returnedAt = new long[listeners];
            List<Future<?>> polls = new ArrayList<>();
            for (int i = 0; i < listeners; i++) {
                int index = i;
                polls.add(pool.submit(() -> {
                    polling.countDown();
                    Reply reply = users.get(index).http().post(SYNC + "?timeout=30000&pos=" + positions.get(index),
                            lists(9));
                    returnedAt[index] = System.nanoTime();
                    check(reply);
                    positions.set(index, reply.json().get("pos").asText());
                    return null;
                }));
            }
            polling.await();
            WaitingPolls.await(http, listeners); // every poll is parked
            send(owner, room, "fan " + m);
            recorder.recordReturns(polls, returnedAt, System.nanoTime());
        }
        pool.shutdown();
        System.out.printf("[%s] send -> waiting sliding sync of %d connections: %s%n", name, listeners,
                recorder.summary(1));
    }

    private static void analyze() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PostgresDatabase.HOST + "/hearth_bench",
                "postgres", "")) {
            c.createStatement().execute("ANALYZE");
        }
    }

    /** The newest saved state of the user's connection "inc", and what it holds per room. */
    private static String stateBytes(String name, Path dir, String userId) throws Exception {
        Connection c;
        if ("sqlite".equals(name)) {
            try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
                c = DriverManager.getConnection("jdbc:sqlite:"
                        + files.filter(p -> p.toString().endsWith(".db")).findFirst().orElseThrow());
            }
        } else {
            c = DriverManager.getConnection("jdbc:postgresql://" + PostgresDatabase.HOST + "/hearth_bench", "postgres", "");
        }
        try (c;
             ResultSet row = c.createStatement().executeQuery("SELECT LENGTH(state) FROM sliding_sync_states WHERE "
                     + "user_id = '" + userId + "' AND conn_id = 'inc' ORDER BY pos DESC LIMIT 1")) {
            return row.next() ? row.getLong(1) + " bytes in the database (kept for the last 2 pos of a connection)"
                    : "none found";
        }
    }

    private static Map<String, Object> lists(int last) {
        return Map.of("lists", Map.of("all", Map.of("ranges", List.of(List.of(0, last)), "timeline_limit", 1,
                "required_state", List.of(List.of("m.room.name", ""), List.of("m.room.member", "$LAZY")))));
    }

    private static JsonNode sync(Accounts.Login user, String pos, String connId, Map<String, Object> lists) {
        Map<String, Object> body = new java.util.HashMap<>(lists);
        if (!connId.isEmpty()) {
            body.put("conn_id", connId);
        }
        Reply reply = user.http().post(SYNC + "?timeout=0" + (pos == null ? "" : "&pos=" + pos), body);
        check(reply);
        return reply.json();
    }

    /** Work timed by {@link #time}; these helpers serve {@link SyncBench} too. */
    interface Timed {
        void run() throws Exception;
    }

    static void time(LatencyRecorder recorder, Timed work) throws Exception {
        long start = System.nanoTime();
        work.run();
        recorder.record(System.nanoTime() - start);
    }

    static String createRoom(Accounts.Login owner) {
        Reply reply = owner.http().post("/_matrix/client/v3/createRoom", Map.of("name", "room"));
        check(reply);
        return reply.json().get("room_id").asText();
    }

    static void send(Accounts.Login user, String room, String body) {
        check(user.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/s" + TXN.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", body)));
    }

    static void check(Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException(reply.status() + " " + reply.text());
        }
    }
}
