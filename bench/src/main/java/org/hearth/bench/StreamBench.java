package org.hearth.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * Events per second through the durable event stream, to one consumer and to ten, with the send
 * rate for comparison, on SQLite and on PostgreSQL. The consumers are the echo test bundle's
 * {@code StreamLogs} (each appends the events to its own file and forces it to disk per batch of
 * 100, as a consumer that must not lose its place would).
 *
 * <ul>
 * <li>send: clients send into their own rooms as fast as the server takes it, consumers running;
 *     "caught up" is how long after the last send returned the last consumer had every event;
 * <li>backlog: the same number of events stored while the consumers hold, then released: how fast
 *     the stream is delivered when the database, not the senders, sets the pace.
 * </ul>
 *
 * <p>Usage: {@code bench/run StreamBench [events=5000] [senders=8]}
 */
public final class StreamBench {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.out.printf("StreamBench: %d events, %d senders; %d cores%n", events, senders,
                Runtime.getRuntime().availableProcessors());
        for (int consumers : new int[] {1, 10}) {
            run("sqlite", c -> { }, null, consumers, events, senders);
            String db = Postgres.recreate("hearth_bench_stream");
            run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), db, consumers, events,
                    senders);
        }
    }

    private static void run(String name, Consumer<TestConfig> database, String postgresUrl, int consumers, int events,
                            int senders) throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench-stream-");
        Path logs = dir.resolve("logs");
        TestConfig config = new TestConfig(dir).openRegistration()
                .set("echo_stream.dir", logs.toString())
                .set("echo_stream.name", "bench")
                .set("echo_stream.consumers", consumers);
        database.accept(config);
        Path file = config.write();
        Files.copy(echoBundle(), config.deployDir().resolve("echo.jar"));
        String jdbc = postgresUrl != null ? postgresUrl : "jdbc:sqlite:" + dir.resolve("data/hearth.db");
        try (HearthProcess server = HearthProcess.launch(file, config.port()).awaitReady(Duration.ofSeconds(90))) {
            List<Accounts.Login> users = new ArrayList<>();
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Accounts.Login user = Accounts.register(server.http(), "s" + i, "pw");
                users.add(user);
                rooms.add(user.http().post("/_matrix/client/v3/createRoom", Map.of()).json().get("room_id").asText());
            }
            String label = "[" + name + ", " + consumers + " consumer" + (consumers > 1 ? "s" : "") + "]";

            long start = System.nanoTime();
            send(users, rooms, events, "a");
            long sent = System.nanoTime();
            awaitConsumers(logs, consumers, head(jdbc, postgresUrl != null));
            long caughtUp = System.nanoTime();
            System.out.printf("%s send: %d events in %.1f s = %.0f events/s; every consumer had them %d ms after the"
                            + " last send returned (%.0f events/s end to end)%n", label, events, (sent - start) / 1e9,
                    events / ((sent - start) / 1e9), (caughtUp - sent) / 1_000_000, events / ((caughtUp - start) / 1e9));

            Path hold = logs.resolve("bench.hold");
            Files.writeString(hold, "hold");
            send(users, rooms, events, "b");
            long head = head(jdbc, postgresUrl != null);
            long released = System.nanoTime();
            Files.delete(hold);
            awaitConsumers(logs, consumers, head);
            double seconds = (System.nanoTime() - released) / 1e9;
            System.out.printf("%s backlog: %d events delivered in %.2f s = %.0f events/s per consumer, %.0f in all%n",
                    label, events, seconds, events / seconds, events * consumers / seconds);
        }
    }

    private static void send(List<Accounts.Login> users, List<String> rooms, int events, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < users.size(); s++) {
            Accounts.Login user = users.get(s);
            String room = rooms.get(s);
            int share = events / users.size() + (s < events % users.size() ? 1 : 0);
            done.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    Reply r = user.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/" + tag + i,
                            Map.of("msgtype", "m.text", "body", "event " + i));
                    if (r.status() != 200) {
                        throw new IllegalStateException("send failed: " + r);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static long head(String jdbc, boolean postgres) throws SQLException {
        try (Connection c = postgres ? DriverManager.getConnection(jdbc, "postgres", null) : DriverManager.getConnection(jdbc);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(stream_position) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Until the last line of every consumer's log is at the head. */
    private static void awaitConsumers(Path logs, int consumers, long head) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (int i = 0; i < consumers; i++) {
            Path log = logs.resolve("bench-" + i + ".log");
            while (lastPosition(log) < head) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("bench-" + i + " did not reach " + head);
                }
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    /** The position on the last complete line, reading only the end of the file (polling must not load the machine). */
    private static long lastPosition(Path log) {
        if (!Files.exists(log)) {
            return -1;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, 512);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
            for (int i = lines.length - 1; i > 0; i--) { // the first may be cut
                String line = lines[i];
                if (!line.startsWith("#") && line.indexOf(' ') > 0) {
                    return Long.parseLong(line.substring(0, line.indexOf(' ')));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The echo test bundle's jar, from the benchmark's class path. */
    private static Path echoBundle() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("hearth-echo-bundle") && entry.endsWith(".jar")) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("hearth-echo-bundle is not on the class path (mvn -Pbench install)");
    }
}
