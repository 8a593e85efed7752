package org.hearth.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * Relations and threads against the assembled server started as its own process, on SQLite and
 * PostgreSQL: a room with {@code threads} threads of {@code replies} replies each (and a reaction
 * on every root), then the latency of {@code /threads} (first page, a later page, participated),
 * {@code /relations} of one thread, and {@code /messages} whose events carry their bundled
 * aggregations.
 *
 * <p>Usage: {@code bench/run RelationsBench [threads=300] [replies=4] [requests=200]}
 */
public final class RelationsBench {
    private static final AtomicInteger TXN = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int replies = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        System.out.printf("RelationsBench: %d threads of %d replies in one room, %d requests each; %d cores%n",
                threads, replies, requests, Runtime.getRuntime().availableProcessors());
        run("sqlite", c -> { }, threads, replies, requests);
        String db = Postgres.recreate("hearth_bench");
        run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), threads, replies, requests);
    }

    private static void run(String name, Consumer<TestConfig> database, int threads, int replies, int requests)
            throws Exception {
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(300))) {
            MatrixHttp http = server.http();
            Accounts.Login alice = Accounts.register(http, "alice", "pw");
            Accounts.Login bob = Accounts.register(http, "bob", "pw");
            String room = check(alice.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat")))
                    .json().get("room_id").asText();
            check(bob.http().post("/_matrix/client/v3/join/" + room, Map.of()));
            long setup = System.nanoTime();
            List<String> roots = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String root = send(alice, room, "m.room.message", Map.of("msgtype", "m.text", "body", "topic " + t));
                roots.add(root);
                for (int r = 0; r < replies; r++) {
                    send(r % 2 == 0 ? bob : alice, room, "m.room.message", Map.of("msgtype", "m.text", "body",
                            "reply " + r, "m.relates_to", Map.of("rel_type", "m.thread", "event_id", root)));
                }
                send(bob, room, "m.reaction", Map.of("m.relates_to",
                        Map.of("rel_type", "m.annotation", "event_id", root, "key", "+1")));
            }
            System.out.printf("[%s] set-up: %d events in %.1f s%n", name, threads * (replies + 2),
                    (System.nanoTime() - setup) / 1e9);

            String threadsPath = "/_matrix/client/v1/rooms/" + room + "/threads";
            String later = check(alice.http().get(threadsPath + "?limit=20")).json().get("next_batch").asText();
            String oneThread = "/_matrix/client/v1/rooms/" + room + "/relations/"
                    + URLEncoder.encode(roots.get(threads / 2), StandardCharsets.UTF_8);
            measure(name, "/threads, first page of 20", requests, () -> bob.http().get(threadsPath + "?limit=20"));
            measure(name, "/threads, second page of 20", requests,
                    () -> bob.http().get(threadsPath + "?limit=20&from=" + later));
            measure(name, "/threads?include=participated", requests,
                    () -> bob.http().get(threadsPath + "?limit=20&include=participated"));
            measure(name, "/relations/{root}/m.thread", requests, () -> bob.http().get(oneThread + "/m.thread"));
            measure(name, "/relations/{root}?recurse=true", requests, () -> bob.http().get(oneThread + "?recurse=true"));
            measure(name, "/messages?limit=50 (aggregated)", requests,
                    () -> bob.http().get("/_matrix/client/v3/rooms/" + room + "/messages?dir=b&limit=50"));
        }
    }

    private interface Request {
        Reply send();
    }

    private static void measure(String name, String what, int requests, Request request) {
        for (int i = 0; i < Math.min(20, requests); i++) {
            check(request.send()); // warm-up
        }
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            check(request.send());
            recorder.record(System.nanoTime() - start);
        }
        System.out.printf("[%s] %-36s %s%n", name, what, recorder.summary(recorder.seconds()));
    }

    private static String send(Accounts.Login who, String room, String type, Map<String, Object> content) {
        return check(who.http().put("/_matrix/client/v3/rooms/" + room + "/send/" + type + "/b" + TXN.incrementAndGet(),
                content)).json().get("event_id").asText();
    }

    private static Reply check(Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException(reply.status() + " " + reply.text());
        }
        return reply;
    }
}
