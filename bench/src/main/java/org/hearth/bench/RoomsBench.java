package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * Rooms and sync, against the assembled server started as its own process, on SQLite and on
 * PostgreSQL: messages per second into one room and spread over 100 rooms (concurrent senders);
 * the latency from a send returning to the waiting {@code /sync} of each of 100 long-polling
 * users returning (p50, p99); initial {@code /sync} of a user in 500 rooms; resident memory.
 *
 * <p>Usage: {@code bench/run RoomsBench [senders=16] [seconds=10] [listeners=100] [rooms=500]}
 */
public final class RoomsBench {
    private static final AtomicInteger TXN = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int senders = arg(args, 0, 16);
        int seconds = arg(args, 1, 10);
        int listeners = arg(args, 2, 100);
        int rooms = arg(args, 3, 500);
        System.out.printf("RoomsBench: %d senders, %d s per phase, %d long-polling users, %d rooms; %d cores%n",
                senders, seconds, listeners, rooms, Runtime.getRuntime().availableProcessors());
        run("sqlite", c -> { }, senders, seconds, listeners, rooms);
        String db = Postgres.recreate("hearth_bench");
        run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), senders, seconds, listeners, rooms);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void run(String name, Consumer<TestConfig> database, int senders, int seconds, int listeners,
                            int roomCount) throws Exception {
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(60))) {
            MatrixHttp http = server.http();
            List<Accounts.Login> users = new ArrayList<>();
            for (int i = 0; i < Math.max(senders, listeners); i++) {
                users.add(Accounts.register(http, "u" + i, "pw"));
            }
            Accounts.Login owner = users.get(0);
            String room = createPublicRoom(owner);
            for (Accounts.Login u : users.subList(1, users.size())) {
                u.http().post("/_matrix/client/v3/join/" + room, Map.of());
            }
            LatencyRecorder oneRoom = sendFor(users.subList(0, senders), List.of(room), seconds);
            System.out.printf("[%s] send, 1 room:    %s%n", name, oneRoom.summary(seconds));

            List<String> hundred = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String r = createPublicRoom(owner);
                for (Accounts.Login u : users.subList(1, senders)) {
                    u.http().post("/_matrix/client/v3/join/" + r, Map.of());
                }
                hundred.add(r);
            }
            LatencyRecorder spread = sendFor(users.subList(0, senders), hundred, seconds);
            System.out.printf("[%s] send, 100 rooms: %s%n", name, spread.summary(seconds));

            LatencyRecorder fanOut = syncFanOut(owner, users.subList(1, listeners), room, 50);
            System.out.printf("[%s] send -> waiting /sync of %d users: %s%n", name, listeners - 1, fanOut.summary(1));

            Accounts.Login busy = Accounts.register(http, "busy", "pw");
            for (int i = 0; i < roomCount; i++) {
                createPublicRoom(busy);
            }
            LatencyRecorder initial = new LatencyRecorder();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                Reply reply = busy.http().get("/_matrix/client/v3/sync");
                initial.record(System.nanoTime() - start);
                check(reply);
            }
            System.out.printf("[%s] initial /sync in %d rooms: %s%n", name, roomCount, initial.summary(1));
            System.out.printf("[%s] server resident memory: %d MiB%n", name, AccountsBench.Rss.mib(server.pid()));
        }
    }

    private static String createPublicRoom(Accounts.Login owner) {
        Reply reply = owner.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
        check(reply);
        return reply.json().get("room_id").asText();
    }

    private static LatencyRecorder sendFor(List<Accounts.Login> senders, List<String> rooms, int seconds) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            Accounts.Login sender = senders.get(s);
            int offset = s;
            running.add(pool.submit(() -> {
                for (int i = offset; System.nanoTime() < end; i++) {
                    String room = rooms.get(i % rooms.size());
                    long start = System.nanoTime();
                    Reply reply = sender.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/b"
                            + TXN.incrementAndGet(), Map.of("msgtype", "m.text", "body", "bench " + i));
                    recorder.record(System.nanoTime() - start);
                    check(reply);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return recorder;
    }

    /** For each message: the time from the send returning until each listener's long poll returns with it. */
    private static LatencyRecorder syncFanOut(Accounts.Login sender, List<Accounts.Login> listeners, String room,
                                              int messages) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        ExecutorService pool = Executors.newFixedThreadPool(listeners.size());
        List<String> tokens = new ArrayList<>();
        for (Accounts.Login l : listeners) {
            tokens.add(l.http().get("/_matrix/client/v3/sync?timeout=0").json().get("next_batch").asText());
        }
        for (int m = 0; m < messages; m++) {
            CountDownLatch woken = new CountDownLatch(listeners.size());
            long[] returnedAt = new long[listeners.size()];
            CountDownLatch polling = new CountDownLatch(listeners.size());
            List<Future<?>> polls = new ArrayList<>();
            for (int i = 0; i < listeners.size(); i++) {
                Accounts.Login l = listeners.get(i);
                int index = i;
                polls.add(pool.submit(() -> {
                    polling.countDown();
                    Reply reply = l.http().get("/_matrix/client/v3/sync?timeout=30000&since=" + tokens.get(index));
                    long now = System.nanoTime();
                    check(reply);
                    JsonNode json = reply.json();
                    if (!json.path("rooms").path("join").path(room).isMissingNode()) {
                        returnedAt[index] = now;
                    }
                    synchronized (tokens) {
                        tokens.set(index, json.get("next_batch").asText());
                    }
                    woken.countDown();
                    return null;
                }));
            }
            polling.await();
            Thread.sleep(200); // let every long poll reach the server and park before the message
            Reply reply = sender.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/f"
                    + TXN.incrementAndGet(), Map.of("msgtype", "m.text", "body", "fan out " + m));
            long sentAt = System.nanoTime();
            check(reply);
            woken.await();
            for (Future<?> f : polls) {
                f.get();
            }
            for (long at : returnedAt) {
                if (at != 0) {
                    recorder.record(Math.max(0, at - sentAt)); // a poll may return before the sender hears back
                }
            }
        }
        pool.shutdown();
        return recorder;
    }

    private static void check(Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException("unexpected answer " + reply);
        }
    }

    private RoomsBench() {
    }
}
