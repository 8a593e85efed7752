package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;

/**
 * The database work of {@code /sync}, counted rather than timed (the figures do not depend on the
 * machine's load): SQL statements PostgreSQL receives, read from its server log with
 * {@code log_statement = 'all'} set on the benchmark's database only, as {@link SendCostBench} does.
 *
 * <ul>
 *   <li>per empty incremental {@code /sync} ({@code timeout=0}, nothing new);</li>
 *   <li>per woken {@code /sync}: members long-poll, one message is sent; the statements from the
 *       send to the last answer, less those of a send nobody waits for, over the members;</li>
 *   <li>per initial {@code /sync} of the first member, who is in {@code rooms} rooms;</li>
 *   <li>per first sliding sync of that member (a list of its rooms, one timeline event each), per
 *       incremental one after a message in the room, and per one that finds nothing new;</li>
 *   <li>per woken sliding sync: the members long-poll a connection (a list of 20 rooms, as for the
 *       first), one message is sent; counted as the woken {@code /sync}.</li>
 * </ul>
 *
 * <p>Usage: {@code bench/run SyncCostBench [members=20] [rounds=5] [rooms=1] [show=true]
 * [log=/var/log/postgresql/postgresql-15-main.log]}; {@code show} prints the statements of the
 * woken syncs' rounds (classic and sliding), by kind.
 */
public final class SyncCostBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Its own per process: benchmarks run at once must not drop each other's database. */
    private static final String DATABASE = "hearth_sync_cost_bench_" + ProcessHandle.current().pid();
    private static final String SLIDING = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";
    private static final Duration SETTLE = Duration.ofSeconds(1);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = StatementLog.options(args);
        int members = Integer.parseInt(options.getOrDefault("members", "20"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
        boolean show = Boolean.parseBoolean(options.getOrDefault("show", "false"));
        int rooms = Integer.parseInt(options.getOrDefault("rooms", "1"));
        StatementLog statements = StatementLog.freshDatabase(DATABASE, options);
        TestConfig config = new TestConfig(Files.createTempDirectory("hearth-sync-cost-")).openRegistration()
                .set("database.url", statements.url()).set("database.user", "postgres");
        int port = config.port();
        ExecutorService pool = Executors.newFixedThreadPool(members);
        List<KeepAliveClient> clients = new ArrayList<>();
        try (HearthProcess server = HearthProcess.launch(config.write(), port).awaitReady(Duration.ofSeconds(60))) {
            Accounts.Login senderLogin = Accounts.register(server.http(), "sender", "pw");
            KeepAliveClient sender = new KeepAliveClient(port, senderLogin.accessToken());
            clients.add(sender);
            String room = JSON.readTree(sender.exchange("POST", "/_matrix/client/v3/createRoom",
                    "{\"preset\":\"public_chat\"}").ok().body()).get("room_id").asText();
            String[] tokens = new String[members];
            List<KeepAliveClient> polling = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                KeepAliveClient member = new KeepAliveClient(port,
                        Accounts.register(server.http(), "member" + i, "pw").accessToken());
                clients.add(member);
                polling.add(member);
                member.exchange("POST", "/_matrix/client/v3/join/" + room, "{}").ok();
            }
            for (int i = 0; i < 20; i++) {
                sender.sendText(room, "warm" + i);
            }
            for (int i = 0; i < members; i++) {
                tokens[i] = JSON.readTree(polling.get(i).get("/_matrix/client/v3/sync?timeout=0").ok().body())
                        .get("next_batch").asText();
            }
            LockSupport.parkNanos(SETTLE.toNanos());

            long from = statements.offset();
            int alone = 10;
            for (int i = 0; i < alone; i++) {
                sender.sendText(room, "alone" + i);
            }
            LockSupport.parkNanos(SETTLE.toNanos());
            double perSend = statements.since(from).size() / (double) alone;

            from = statements.offset();
            for (int i = 0; i < members; i++) {
                tokens[i] = JSON.readTree(polling.get(i).get("/_matrix/client/v3/sync?timeout=0&since="
                        + tokens[i]).ok().body()).get("next_batch").asText();
            }
            from = statements.offset(); // the syncs above caught up with the sends; these find nothing new
            for (int i = 0; i < members; i++) {
                tokens[i] = JSON.readTree(polling.get(i).get("/_matrix/client/v3/sync?timeout=0&since="
                        + tokens[i]).ok().body()).get("next_batch").asText();
            }
            LockSupport.parkNanos(SETTLE.toNanos());
            double perEmpty = statements.since(from).size() / (double) members;

            List<String> woken = new ArrayList<>();
            int delivered = 0;
            for (int round = 0; round < rounds; round++) {
                List<Future<Boolean>> polls = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    int index = i;
                    polls.add(pool.submit((Callable<Boolean>) () -> {
                        JsonNode json = JSON.readTree(polling.get(index).get(
                                "/_matrix/client/v3/sync?timeout=30000&since=" + tokens[index]).ok().body());
                        tokens[index] = json.get("next_batch").asText();
                        return !json.path("rooms").path("join").path(room).path("timeline").isMissingNode();
                    }));
                }
                // The polls must be parked (their first look done) before the offset; a bench may wait for that.
                LockSupport.parkNanos(SETTLE.toNanos());
                long roundFrom = statements.offset();
                sender.sendText(room, "fan" + round);
                for (Future<Boolean> f : polls) {
                    delivered += f.get() ? 1 : 0;
                }
                LockSupport.parkNanos(SETTLE.toNanos());
                woken.addAll(statements.since(roundFrom));
            }
            double perWoken = (woken.size() / (double) rounds - perSend) / members;

            // The first member's other rooms, for what a first sync costs per room.
            for (int i = 1; i < rooms; i++) {
                String other = JSON.readTree(sender.exchange("POST", "/_matrix/client/v3/createRoom",
                        "{\"preset\":\"public_chat\",\"name\":\"room " + i + "\"}").ok().body()).get("room_id").asText();
                polling.get(0).exchange("POST", "/_matrix/client/v3/join/" + other, "{}").ok();
                sender.sendText(other, "hello" + i);
            }
            LockSupport.parkNanos(SETTLE.toNanos());
            from = statements.offset();
            polling.get(0).get("/_matrix/client/v3/sync?timeout=0").ok();
            LockSupport.parkNanos(SETTLE.toNanos());
            List<String> initialSync = statements.since(from);

            String slidingBody = "{\"lists\":{\"all\":{\"ranges\":[[0,19]],\"timeline_limit\":1,\"required_state\":"
                    + "[[\"m.room.name\",\"\"],[\"m.room.member\",\"$LAZY\"]]}}}";
            from = statements.offset();
            JsonNode first = JSON.readTree(polling.get(0).exchange("POST", SLIDING, slidingBody).ok().body());
            LockSupport.parkNanos(SETTLE.toNanos());
            int firstSliding = statements.since(from).size();
            sender.sendText(room, "slide");
            LockSupport.parkNanos(SETTLE.toNanos());
            from = statements.offset();
            JsonNode next = JSON.readTree(polling.get(0).exchange("POST", SLIDING + "?timeout=0&pos="
                    + first.get("pos").asText(), slidingBody).ok().body());
            LockSupport.parkNanos(SETTLE.toNanos());
            List<String> incrementalSliding = statements.since(from);
            from = statements.offset();
            polling.get(0).exchange("POST", SLIDING + "?timeout=0&pos=" + next.get("pos").asText(), slidingBody).ok();
            LockSupport.parkNanos(SETTLE.toNanos());
            List<String> emptySliding = statements.since(from);

            String[] positions = new String[members];
            for (int i = 0; i < members; i++) {
                positions[i] = JSON.readTree(polling.get(i).exchange("POST", SLIDING + "?timeout=0&pos="
                        + JSON.readTree(polling.get(i).exchange("POST", SLIDING, slidingBody).ok().body())
                        .get("pos").asText(), slidingBody).ok().body()).get("pos").asText();
            }
            List<String> wokenSliding = new ArrayList<>();
            int slidingDelivered = 0;
            for (int round = 0; round < rounds; round++) {
                List<Future<Boolean>> polls = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    int index = i;
                    polls.add(pool.submit((Callable<Boolean>) () -> {
                        JsonNode json = JSON.readTree(polling.get(index).exchange("POST", SLIDING
                                + "?timeout=30000&pos=" + positions[index], slidingBody).ok().body());
                        positions[index] = json.get("pos").asText();
                        return json.path("rooms").path(room).path("timeline").size() > 0;
                    }));
                }
                LockSupport.parkNanos(SETTLE.toNanos());
                long roundFrom = statements.offset();
                sender.sendText(room, "slide" + round);
                for (Future<Boolean> f : polls) {
                    slidingDelivered += f.get() ? 1 : 0;
                }
                LockSupport.parkNanos(SETTLE.toNanos());
                wokenSliding.addAll(statements.since(roundFrom));
            }
            double perWokenSliding = (wokenSliding.size() / (double) rounds - perSend) / members;

            System.out.printf("%d members, %d rounds (%d of %d polls returned the message); load %s%n", members,
                    rounds, delivered, members * rounds, PerfBench.loadAverage());
            System.out.printf("statements per send nobody waits for: %.2f%n", perSend);
            System.out.printf("statements per empty incremental /sync: %.2f%n", perEmpty);
            System.out.printf("statements per woken /sync: %.2f%n", perWoken);
            System.out.printf("statements of an initial /sync (%d rooms): %d%n", rooms, initialSync.size());
            System.out.printf("statements of a first sliding sync (%d rooms): %d%n",
                    first.path("rooms").size(), firstSliding);
            System.out.printf("statements of an incremental sliding sync after one message: %d%n",
                    incrementalSliding.size());
            System.out.printf("statements of an empty incremental sliding sync: %d%n", emptySliding.size());
            System.out.printf("statements per woken sliding sync: %.2f (%d of %d polls returned the message)%n",
                    perWokenSliding, slidingDelivered, members * rounds);
            if (show) {
                System.out.println("woken /sync rounds, by statement:");
                byKind(woken, 100);
                System.out.println("initial /sync, by statement:");
                byKind(initialSync, 400);
                System.out.println("incremental sliding sync after one message, by statement:");
                byKind(incrementalSliding, 400);
                System.out.println("woken sliding sync rounds, by statement:");
                byKind(wokenSliding, 400);
            }
        } finally {
            clients.forEach(KeepAliveClient::close);
            pool.shutdown();
            Postgres.drop(DATABASE);
        }
    }

    private static void byKind(List<String> statements, int width) {
        statements.stream().map(s -> s.length() > width ? s.substring(0, width) : s)
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()))
                .forEach((s, n) -> System.out.printf("%6d %s%n", n, s));
    }

    private SyncCostBench() {
    }
}
