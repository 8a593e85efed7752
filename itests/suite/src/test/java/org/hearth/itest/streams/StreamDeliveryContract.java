package org.hearth.itest.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable event stream as a bundle outside core sees it: the echo test bundle's consumers
 * ({@code StreamLogs}) append every event they are handed to a file, forced to disk before they
 * acknowledge. While clients send 1,000 events, the bundle is redeployed, or the server is
 * killed with SIGKILL and started again; in the end each consumer's file holds the whole stream
 * of the database, each event once, in stream order. A slow consumer delays only itself.
 */
abstract class StreamDeliveryContract {
    // Bounds, not waits: generous, as a loaded CI machine starts a server slowly.
    private static final Duration CATCH_UP = Duration.ofSeconds(240);
    private static final int EVENTS = 1_000;
    private static final int SENDERS = 4;

    @TempDir
    Path dir;

    /** The test configuration of the database under test. */
    abstract TestConfig config(Path dir);

    /** A connection to the database the server of this configuration writes. */
    abstract Connection database(TestConfig config) throws SQLException;

    /**
     * A server with the echo bundle's consumers named after the test: tests on PostgreSQL share
     * one database, and a consumer's cursor lives there under its name.
     */
    private TestConfig streamConfig(String name, int consumers, boolean slow) throws IOException {
        return streamConfig(name, consumers, slow, 0);
    }

    private TestConfig streamConfig(String name, int consumers, boolean slow, int lingerMs) throws IOException {
        TestConfig config = config(dir).openRegistration()
                .set("echo_stream.linger_ms", lingerMs)
                .set("echo_stream.batch_ms", lingerMs)
                .set("echo_stream.dir", dir.resolve("logs").toString())
                .set("echo_stream.name", name)
                .set("echo_stream.consumers", consumers);
        if (slow) {
            config.set("echo_stream.slow", true).set("echo_stream.batch_size", 10);
        }
        config.write();
        Files.copy(TestBundles.echo(), config.deployDir().resolve("echo.jar"));
        return config;
    }

    @Test
    void aRedeployedConsumerSeesEveryEventOnceInStreamOrder() throws Exception {
        TestConfig config = streamConfig("redeploy", 1, false);
        String consumer = "redeploy-0";
        Path file = config.dir().resolve("hearth.yaml");
        try (HearthProcess hearth = HearthProcess.launch(file, config.port()).awaitReady()) {
            Room room = Room.open(hearth, "redeploy");
            Sending sending = new Sending(room);
            Await.until("300 events sent", CATCH_UP, () -> sending.acknowledged() >= 300);
            Path v2 = dir.resolve("echo-v2.jar");
            TestBundles.rewrite(TestBundles.echo(), v2, "0.9.0", "redeployed");
            TestBundles.dropIn(v2, config.deployDir().resolve("echo.jar"));
            Await.until("the redeployed consumer to start", CATCH_UP,
                    () -> log(config, consumer).contains("# start 0.9.0 after "));
            sending.finish();
            awaitCaughtUp(config, hearth, consumer);
            assertLogIsTheStream(config, consumer);
            List<String> starts = starts(config, consumer);
            assertEquals(2, starts.size(), starts.toString());
            assertTrue(starts.get(1).startsWith("# start 0.9.0 after ") && !starts.get(1).endsWith(" after 0"),
                    "the redeploy came in the middle of the stream: " + starts);
        }
    }

    @Test
    void afterSigkillNothingIsMissedAndOrderHolds() throws Exception {
        TestConfig config = streamConfig("sigkill", 1, false);
        String consumer = "sigkill-0";
        Path file = config.dir().resolve("hearth.yaml");
        Sending sending;
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            sending = new Sending(Room.open(first, "sigkill"));
            Await.until("400 events sent", CATCH_UP, () -> sending.acknowledged() >= 400);
            first.kill();
        }
        // The senders retry each transaction ID until the server answers again.
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            sending.finish();
            awaitCaughtUp(config, second, consumer);
            assertLogIsTheStream(config, consumer);
            List<String> starts = starts(config, consumer);
            assertEquals(2, starts.size(), starts.toString());
            assertTrue(!starts.get(1).endsWith(" after 0"), "the kill came in the middle of the stream: " + starts);
            List<String> stream = stream(config);
            for (String acknowledged : sending.eventIds()) {
                assertTrue(stream.stream().anyMatch(line -> line.endsWith(" " + acknowledged)),
                        "acknowledged event " + acknowledged + " is not stored");
            }
        }
    }

    @Test
    void aSlowConsumerDelaysOnlyItself() throws Exception {
        TestConfig config = streamConfig("slow", 1, true);
        String consumer = "slow-0";
        String slow = "slow-slow";
        Path hold = dir.resolve("logs").resolve(slow + ".hold");
        Files.createDirectories(hold.getParent());
        Files.writeString(hold, "the slow consumer holds its batch while this file exists");
        Path file = config.dir().resolve("hearth.yaml");
        try (HearthProcess hearth = HearthProcess.launch(file, config.port()).awaitReady()) {
            try {
                Sending sending = new Sending(Room.open(hearth, "slow"), 200);
                sending.finish();
                awaitCaughtUp(config, hearth, consumer);
                assertLogIsTheStream(config, consumer);
                assertEquals(List.of(), events(config, slow), "the slow consumer went on while held");
                String metrics = hearth.http().get("/_hearth/metrics").text();
                assertTrue(metrics.contains("hearth_event_stream_lag{consumer=\"" + consumer + "\"} 0.0"), metrics);
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("hearth_event_stream_lag{consumer=\"" + slow + "\"}")
                        && !l.endsWith(" 0.0")), "the slow consumer's lag is shown: " + metrics);
            } finally {
                Files.deleteIfExists(hold);
            }
            awaitCaughtUp(config, hearth, slow);
            assertLogIsTheStream(config, slow);
        }
    }

    /**
     * A consumer that lingers 50 ms (as push delivery does) and works 50 ms on each batch, under
     * a steady stream of sends, reads the stream at most once per 50 ms: the events that came
     * during a batch gather too, rather than each read taking the one or two sent meanwhile.
     */
    @Test
    void aLingeringConsumerReadsASteadyStreamInBatches() throws Exception {
        int lingerMs = 50;
        TestConfig config = streamConfig("linger", 1, false, lingerMs);
        String consumer = "linger-0";
        try (HearthProcess hearth = HearthProcess.launch(config.dir().resolve("hearth.yaml"), config.port())
                .awaitReady()) {
            Room room = Room.open(hearth, "linger");
            long start = System.nanoTime();
            Sending sending = new Sending(room, 300);
            sending.finish();
            awaitCaughtUp(config, hearth, consumer);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertLogIsTheStream(config, consumer);
            // the batches holding a message sent: all handed over while the messages were sent or after
            Set<String> sent = new HashSet<>(sending.eventIds());
            long batches = 0;
            boolean counted = false;
            for (String line : log(config, consumer).lines().toList()) {
                if (line.startsWith("# batch ")) {
                    counted = false;
                } else if (!counted && !line.startsWith("#") && sent.contains(line.substring(line.indexOf(' ') + 1))) {
                    counted = true;
                    batches++;
                }
            }
            // each batch but the first waited 50 ms and took 50: none was read at once after another
            assertTrue(batches <= elapsedMs / (2 * lingerMs) + 1, batches + " batches in " + elapsedMs + " ms");
        }
    }

    // --- the room and its senders

    /** A public room with {@value #SENDERS} members who send. */
    private record Room(String roomId, List<Accounts.Login> members) {
        static Room open(HearthProcess hearth, String test) {
            List<Accounts.Login> members = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                members.add(Accounts.register(hearth.http(), test + "-sender" + i, "pw"));
            }
            Reply created = members.get(0).http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
            assertEquals(200, created.status(), created.text());
            String roomId = created.json().get("room_id").asText();
            for (Accounts.Login member : members.subList(1, members.size())) {
                assertEquals(200, member.http().post("/_matrix/client/v3/join/" + roomId, Map.of()).status());
            }
            return new Room(roomId, members);
        }
    }

    /** The members send their share of the events, each retrying its transaction until the server answers. */
    private static final class Sending {
        private final ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        private final List<Future<List<String>>> senders = new ArrayList<>();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final List<String> eventIds = new ArrayList<>();

        Sending(Room room) {
            this(room, EVENTS);
        }

        Sending(Room room, int events) {
            for (int s = 0; s < SENDERS; s++) {
                Accounts.Login member = room.members().get(s);
                int share = events / SENDERS + (s < events % SENDERS ? 1 : 0);
                senders.add(pool.submit(() -> send(member, room.roomId(), share)));
            }
        }

        private List<String> send(Accounts.Login member, String roomId, int count) {
            List<String> ids = new ArrayList<>();
            long deadline = System.nanoTime() + CATCH_UP.toNanos() * 2;
            for (int i = 0; i < count; i++) {
                String path = "/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t" + i;
                while (true) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the server did not take event " + i + " in time");
                    }
                    try {
                        Reply reply = member.http().put(path, Map.of("msgtype", "m.text", "body", "event " + i));
                        if (reply.status() == 200) {
                            ids.add(reply.json().get("event_id").asText());
                            acknowledged.incrementAndGet();
                            break;
                        }
                    } catch (UncheckedIOException serverDown) {
                        // killed or not yet restarted: the same transaction ID again in a moment
                    }
                    LockSupport.parkNanos(50_000_000L);
                }
            }
            return ids;
        }

        int acknowledged() {
            return acknowledged.get();
        }

        void finish() throws Exception {
            for (Future<List<String>> sender : senders) {
                eventIds.addAll(sender.get());
            }
            pool.shutdown();
        }

        List<String> eventIds() {
            return eventIds;
        }
    }

    // --- what the consumers wrote, and the stream in the database

    private static String log(TestConfig config, String consumer) {
        Path file = config.dir().resolve("logs").resolve(consumer + ".log");
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "position event-ID" lines of a consumer's log. */
    private static List<String> events(TestConfig config, String consumer) {
        return log(config, consumer).lines().filter(l -> !l.startsWith("#")).toList();
    }

    private static List<String> starts(TestConfig config, String consumer) {
        return log(config, consumer).lines().filter(l -> l.startsWith("# start")).toList();
    }

    /** Every stored event as "position event-ID", in stream order. */
    private List<String> stream(TestConfig config) {
        try (Connection db = database(config); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT stream_position, event_id FROM events ORDER BY stream_position")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getString(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitCaughtUp(TestConfig config, HearthProcess hearth, String consumer) {
        try {
            Await.until(consumer + " to reach the head of the stream", CATCH_UP, () -> {
                List<String> stream = stream(config);
                List<String> seen = events(config, consumer);
                return !seen.isEmpty() && seen.get(seen.size() - 1).equals(stream.get(stream.size() - 1));
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + hearth.output(), e);
        }
    }

    /** The log is the stream: each stored event once, in stream order, nothing else. */
    private void assertLogIsTheStream(TestConfig config, String consumer) {
        List<String> stream = stream(config);
        List<String> seen = events(config, consumer);
        assertTrue(stream.size() >= EVENTS / 5, "too few events stored: " + stream.size());
        assertEquals(stream.size(), seen.size(), consumer + " saw " + seen.size() + " lines for " + stream.size()
                + " stored events");
        for (int i = 0; i < stream.size(); i++) {
            assertEquals(stream.get(i), seen.get(i), consumer + ": line " + i + " differs from the stream");
        }
    }
}
