package org.hearth.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * {@code POST /search} over many messages, against the assembled server started as its own
 * process, on SQLite (FTS5) and PostgreSQL (tsvector, GIN): {@code senders} users each fill a
 * room of their own (all of them members of every room) with {@code messages} messages in all,
 * of eight words drawn from a vocabulary of 5,000 made-up words; then one user searches, one
 * request at a time: a rare word (best first), two words (best first), a word, newest first,
 * and a word with the context of each result. Prints latency percentiles per kind of query.
 *
 * <p>On PostgreSQL the tables are analysed once filled, as autovacuum does on a default
 * installation (the test machines run with it off; with statistics of the empty tables, the
 * planner reads a context's neighbours through a bitmap scan of the whole room: 1.3 s a request).
 *
 * <p>Usage: {@code bench/run SearchBench [messages=100000] [senders=8] [queries=200] [sqlite|postgres|both]}
 */
public final class SearchBench {
    private static final int VOCABULARY = 5_000;

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String databases = args.length > 3 ? args[3] : "both";
        System.out.printf("SearchBench: %d messages from %d senders in %d rooms, %d queries of each kind; %d cores%n",
                messages, senders, senders, queries, Runtime.getRuntime().availableProcessors());
        if (!databases.equals("postgres")) {
            run("sqlite", c -> { }, () -> { }, messages, senders, queries);
        }
        if (!databases.equals("sqlite")) {
            String db = Postgres.recreate("hearth_bench_search");
            run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"),
                    () -> Postgres.analyze("hearth_bench_search"), messages, senders, queries);
        }
    }

    /** What follows the filling of the database. */
    private interface Settle {
        void run() throws Exception;
    }

    private static String word(int i) {
        return "w" + Integer.toString(i * 7919 % 100_003, 36) + "x";
    }

    private static void run(String name, Consumer<TestConfig> database, Settle settle, int messages, int senders,
                            int queries) throws Exception {
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(180))) {
            MatrixHttp http = server.http();
            List<Accounts.Login> users = PushBench.parallel(senders, i -> Accounts.register(http, "s" + i, "pw"));
            List<String> rooms = PushBench.parallel(senders, i -> PushBench.createPublicRoom(users.get(i)));
            PushBench.parallel(senders, i -> {
                for (String room : rooms) {
                    PushBench.check(users.get(i).http().post("/_matrix/client/v3/join/" + room, Map.of()));
                }
                return null;
            });
            long start = System.nanoTime();
            PushBench.parallel(senders, s -> {
                Random random = new Random(s);
                for (int i = s; i < messages; i += senders) {
                    StringBuilder body = new StringBuilder();
                    for (int w = 0; w < 8; w++) {
                        // skewed: low word numbers are common, high ones rare
                        body.append(word((int) (VOCABULARY * Math.pow(random.nextDouble(), 3)))).append(' ');
                    }
                    PushBench.check(users.get(s).http().put("/_matrix/client/v3/rooms/" + rooms.get(s)
                            + "/send/m.room.message/b" + i, Map.of("msgtype", "m.text", "body", body.toString())));
                }
                return null;
            });
            System.out.printf("[%s] %d messages stored in %.0f s%n", name, messages, (System.nanoTime() - start) / 1e9);
            settle.run();

            Accounts.Login reader = users.get(0);
            Random random = new Random(42);
            query(name, "a rare word, rank", reader, queries,
                    () -> Map.of("search_term", word(VOCABULARY - 1 - random.nextInt(VOCABULARY / 2))));
            query(name, "two common words, rank", reader, queries,
                    () -> Map.of("search_term", word(random.nextInt(20)) + " " + word(random.nextInt(20))));
            query(name, "a common word, recent", reader, queries,
                    () -> Map.of("search_term", word(random.nextInt(20)), "order_by", "recent"));
            query(name, "a word, recent, context", reader, queries,
                    () -> Map.of("search_term", word(random.nextInt(200)), "order_by", "recent",
                            "event_context", Map.of("before_limit", 3, "after_limit", 3, "include_profile", true)));
        }
    }

    private interface Criteria {
        Map<String, Object> next();
    }

    private static void query(String name, String kind, Accounts.Login reader, int queries, Criteria criteria) {
        LatencyRecorder recorder = new LatencyRecorder();
        long results = 0;
        for (int i = 0; i < queries; i++) {
            Map<String, Object> body = Map.of("search_categories", Map.of("room_events", criteria.next()));
            long start = System.nanoTime();
            Reply reply = reader.http().post("/_matrix/client/v3/search", body);
            recorder.record(System.nanoTime() - start);
            PushBench.check(reply);
            results += reply.json().at("/search_categories/room_events/count").asLong();
        }
        System.out.printf("[%s] %s (%.0f matches on average): %s%n", name, kind, (double) results / queries,
                recorder.summary(recorder.seconds()));
    }

    private SearchBench() {
    }
}
