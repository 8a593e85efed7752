package org.hearth.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Push rule evaluation, against the assembled server started as its own process, on SQLite and
 * PostgreSQL: sends into a room of 2 members and into one of {@code members} members (every
 * event evaluated for every member), one sender at a time (latency: the difference is what the
 * evaluation adds) and {@code senders} at once (events per second); then the initial
 * {@code /sync} of a user in {@code rooms} rooms, each with an unread message and half with a
 * read receipt.
 *
 * <p>Usage: {@code bench/run PushBench [members=1000] [messages=200] [senders=4] [seconds=10] [rooms=500]
 * [sqlite|postgres|both] [legacy] [jfr=FILE]}. {@code legacy} turns on {@code push.legacy_mention_rules}
 * (every member's rules then read display names). {@code jfr=} records a Flight Recorder profile of the server
 * during the sequential sends into the large room, one file per database ({@code /tmp/push.jfr}:
 * {@code /tmp/push-sqlite.jfr}, {@code /tmp/push-postgres.jfr}); see bench/README.md for what it prints.
 */
public final class PushBench {
    private static final AtomicInteger TXN = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int members = arg(args, 0, 1000);
        int messages = arg(args, 1, 200);
        int senders = arg(args, 2, 4);
        int seconds = arg(args, 3, 10);
        int rooms = arg(args, 4, 500);
        String databases = "both";
        String jfr = null;
        boolean legacy = false;
        for (String a : args) {
            if (a.startsWith("jfr=")) {
                jfr = a.substring(4);
            } else if (a.equals("legacy")) {
                legacy = true;
            } else if (a.equals("sqlite") || a.equals("postgres")) {
                databases = a;
            }
        }
        System.out.printf("PushBench: %d members, %d sequential sends, %d senders for %d s, %d rooms%s; %d cores%n",
                members, messages, senders, seconds, rooms, legacy ? ", push.legacy_mention_rules" : "",
                Runtime.getRuntime().availableProcessors());
        Workload workload = new Workload(members, messages, senders, seconds, rooms);
        boolean legacyRules = legacy;
        if (!databases.equals("postgres")) {
            run("sqlite", c -> c.set("push.legacy_mention_rules", legacyRules), workload, jfr);
        }
        if (!databases.equals("sqlite")) {
            String db = Postgres.recreate("hearth_bench_push");
            run("postgres", c -> c.set("database.url", db).set("database.user", "postgres")
                    .set("push.legacy_mention_rules", legacyRules), workload, jfr);
        }
    }

    private record Workload(int members, int messages, int senders, int seconds, int rooms) {}

    /** The i-th argument when it is a number. */
    private static int arg(String[] args, int i, int fallback) {
        return args.length > i && args[i].matches("\\d+") ? Integer.parseInt(args[i]) : fallback;
    }

    private static void run(String name, Consumer<TestConfig> database, Workload w, String jfr) throws Exception {
        int members = w.members();
        int messages = w.messages();
        int senders = w.senders();
        int seconds = w.seconds();
        int roomCount = w.rooms();
        String load = PerfBench.loadAverage();
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(60))) {
            MatrixHttp http = server.http();
            List<Accounts.Login> users = parallel(members, i -> Accounts.register(http, "m" + i, "pw"));
            Accounts.Login owner = users.get(0);
            String small = createPublicRoom(owner);
            users.get(1).http().post("/_matrix/client/v3/join/" + small, Map.of());
            String big = createPublicRoom(owner);
            parallel(members - 1, i -> check(users.get(i + 1).http().post("/_matrix/client/v3/join/" + big, Map.of())));
            // A few members with rules of their own, so that not every member shares the default rules.
            for (int i = 1; i < members; i += 10) {
                users.get(i).http().put("/_matrix/client/v3/pushrules/global/content/word" + i,
                        Map.of("pattern", "word" + i, "actions", List.of("notify", Map.of("set_tweak", "highlight"))));
            }

            sequential(owner, small, messages / 4); // warm-up
            LatencyRecorder two = sequential(owner, small, messages);
            JfrRecording recording = JfrRecording.start(server.pid(),
                    jfr == null ? null : jfr.replaceFirst("(\\.jfr)?$", "-" + name + ".jfr"));
            LatencyRecorder many = sequential(owner, big, messages);
            recording.stop();
            System.out.printf("[%s] send, room of 2:    %s%n", name, two.summary(two.seconds()));
            System.out.printf("[%s] send, room of %d: %s%n", name, members, many.summary(many.seconds()));
            System.out.printf("[%s] added by evaluating %d members: p50 %.2f ms%n", name, members,
                    many.percentile(0.5) - two.percentile(0.5));
            LatencyRecorder concurrent = concurrent(users.subList(0, senders), big, seconds);
            System.out.printf("[%s] %d senders into the room of %d: %s (events evaluated for %d members each)%n",
                    name, senders, members, concurrent.summary(seconds), members - 1);

            Accounts.Login reader = users.get(2);
            Accounts.Login writer = users.get(3);
            for (int i = 0; i < roomCount; i++) {
                String room = createPublicRoom(reader);
                check(writer.http().post("/_matrix/client/v3/join/" + room, Map.of()));
                Reply sent = writer.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/r" + i,
                        Map.of("msgtype", "m.text", "body", "unread " + i));
                check(sent);
                writer.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/s" + i,
                        Map.of("msgtype", "m.text", "body", "second " + i));
                if (i % 2 == 0) {
                    check(reader.http().post("/_matrix/client/v3/rooms/" + room + "/receipt/m.read/"
                            + sent.json().get("event_id").asText(), Map.of()));
                }
            }
            LatencyRecorder initial = new LatencyRecorder();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                Reply reply = reader.http().get("/_matrix/client/v3/sync");
                initial.record(System.nanoTime() - start);
                check(reply);
            }
            System.out.printf("[%s] initial /sync in %d rooms with receipts and unread counts: %s%n", name,
                    roomCount + 2, initial.summary(1));
            System.out.printf("[%s] server resident memory: %d MiB%n", name, AccountsBench.Rss.mib(server.pid()));
            System.out.printf("[%s] load average: %s → %s%n", name, load, PerfBench.loadAverage());
        }
    }

    interface Task<T> {
        T run(int i) throws Exception;
    }

    static <T> List<T> parallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static LatencyRecorder sequential(Accounts.Login sender, String room, int messages) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < messages; i++) {
            recorder.record(send(sender, room, i));
        }
        return recorder;
    }

    private static LatencyRecorder concurrent(List<Accounts.Login> senders, String room, int seconds) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        parallel(senders.size(), s -> {
            for (int i = 0; System.nanoTime() < end; i++) {
                recorder.record(send(senders.get(s), room, i));
            }
            return null;
        });
        return recorder;
    }

    private static long send(Accounts.Login sender, String room, int i) {
        long start = System.nanoTime();
        Reply reply = sender.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/p" + TXN.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", "push bench " + i));
        long took = System.nanoTime() - start;
        check(reply);
        return took;
    }

    static String createPublicRoom(Accounts.Login owner) {
        Reply reply = owner.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
        check(reply);
        return reply.json().get("room_id").asText();
    }

    static Reply check(Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException("unexpected answer " + reply);
        }
        return reply;
    }

    private PushBench() {
    }
}
