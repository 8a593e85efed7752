package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Ports;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;
import org.hearth.testkit.TestConfig;

/**
 * Joining a room of another server with many members (issue 11: 10,000 members, talking in under
 * 10 s), three Hearth processes on loopback over TLS (SQLite): hs1 holds the room ({@code members}
 * users registered without a password, so no Argon2 cost, and joined 8 at a time); a user of hs2
 * joins with partial state ({@code rooms.partial_state_joins: true}), a user of hs3 with the whole
 * state ({@code false}). Figures per joiner: the join's answer, the first message sent and seen by
 * hs1, a message of hs1 seen by the joiner, every member known on the joiner's server
 * ({@code /joined_members}), the joiner's server's resident memory after that, and the load average.
 *
 * <p>Usage: {@code bench/run PartialJoinBench [members=10000]}
 */
public final class PartialJoinBench {
    private static final Duration LONG = Duration.ofMinutes(15);
    private static final AtomicInteger TXN = new AtomicInteger();

    private PartialJoinBench() {
    }

    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0].replace("members=", "")) : 10_000;
        System.out.printf("PartialJoinBench: a room of %d members on hs1; %d cores (SQLite)%n", members,
                Runtime.getRuntime().availableProcessors());
        TestCa ca = TestCa.create("Hearth bench CA");
        int fed1 = Ports.free();
        int fed2 = Ports.free();
        int fed3 = Ports.free();
        Path jar = FederationBench.federationJar();
        TestConfig c1 = FederationBench.server(ca, "hs1.test", fed1,
                Map.of("hs2.test", "127.0.0.1:" + fed2, "hs3.test", "127.0.0.1:" + fed3), jar);
        TestConfig c2 = FederationBench.server(ca, "hs2.test", fed2, Map.of("hs1.test", "127.0.0.1:" + fed1), jar)
                .set("rooms.partial_state_joins", true);
        TestConfig c3 = FederationBench.server(ca, "hs3.test", fed3, Map.of("hs1.test", "127.0.0.1:" + fed1), jar)
                .set("rooms.partial_state_joins", false);
        CompletableFuture<HearthProcess> start1 = CompletableFuture.supplyAsync(() -> launch(c1));
        CompletableFuture<HearthProcess> start2 = CompletableFuture.supplyAsync(() -> launch(c2));
        CompletableFuture<HearthProcess> start3 = CompletableFuture.supplyAsync(() -> launch(c3));
        try (HearthProcess hs1 = start1.join(); HearthProcess hs2 = start2.join(); HearthProcess hs3 = start3.join()) {
            Accounts.Login creator = Accounts.register(hs1.http(), "creator", null);
            Reply created = creator.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
            String room = created.json().path("room_id").asText();
            long filling = System.nanoTime();
            fill(hs1, room, members);
            System.out.printf("hs1: %d members registered and joined in %.1f s; load %s%n", members,
                    (System.nanoTime() - filling) / 1e9, load());
            join("hs2, partial state", hs2, creator, room, members);
            join("hs3, whole state", hs3, creator, room, members);
        }
    }

    static HearthProcess launch(TestConfig config) {
        return HearthProcess.launch(config.write(), config.port()).awaitReady(Duration.ofSeconds(180));
    }

    /** {@code count} users of hs1 registered and joined, 8 at a time. */
    static void fill(HearthProcess hs1, String room, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    Accounts.Login m = Accounts.register(hs1.http(), "member" + n, null);
                    Reply join = m.http().post("/_matrix/client/v3/join/" + enc(room), Map.of());
                    if (join.status() != 200) {
                        throw new IllegalStateException("join of member" + n + ": " + join);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void join(String label, HearthProcess server, Accounts.Login creator, String room, int members)
            throws Exception {
        Accounts.Login user = Accounts.register(server.http(), "joiner", null);
        String loadBefore = load();
        long start = System.nanoTime();
        Reply joined = user.http().post("/_matrix/client/v3/join/" + enc(room) + "?server_name=hs1.test", Map.of());
        if (joined.status() != 200) {
            throw new IllegalStateException(label + ": join failed: " + joined);
        }
        long answered = System.nanoTime();
        String mine = "from " + user.userId();
        send(user, room, mine);
        long sent = System.nanoTime();
        System.out.printf("[%s] join answered %.2f s; first message sent %.2f s%n", label, (answered - start) / 1e9,
                (sent - start) / 1e9);
        await(() -> bodies(creator, room).contains(mine));
        long heard = System.nanoTime();
        String theirs = "to " + user.userId();
        send(creator, room, theirs);
        await(() -> bodies(user, room).contains(theirs));
        long received = System.nanoTime();
        System.out.printf("[%s] first message seen on hs1 %.2f s; hs1's message received %.2f s%n", label,
                (heard - start) / 1e9, (received - start) / 1e9);
        await(() -> joinedCount(user, room) == members + 2);
        long full = System.nanoTime();
        System.out.printf("[%s] all %d members known %.2f s; RSS %d MiB; load %s -> %s%n", label, members + 2,
                (full - start) / 1e9, AccountsBench.Rss.mib(server.pid()), loadBefore, load());
    }

    private static void send(Accounts.Login who, String room, String body) {
        Reply sent = who.http().put("/_matrix/client/v3/rooms/" + enc(room) + "/send/m.room.message/b"
                + TXN.incrementAndGet(), Map.of("msgtype", "m.text", "body", body));
        if (sent.status() != 200) {
            throw new IllegalStateException("send: " + sent);
        }
    }

    private static List<String> bodies(Accounts.Login who, String room) {
        List<String> out = new ArrayList<>();
        Reply reply;
        try {
            reply = who.http().get("/_matrix/client/v3/rooms/" + enc(room) + "/messages?dir=b&limit=20");
        } catch (java.io.UncheckedIOException slow) {
            return out; // a server busy serving the room's state to the joiner: asked again
        }
        for (JsonNode e : reply.json().path("chunk")) {
            out.add(e.path("content").path("body").asText());
        }
        return out;
    }

    private static int joinedCount(Accounts.Login who, String room) {
        try {
            Reply reply = who.http().get("/_matrix/client/v3/rooms/" + enc(room) + "/joined_members");
            return reply.status() == 200 ? reply.json().path("joined").size() : 0;
        } catch (java.io.UncheckedIOException slow) {
            return 0;
        }
    }

    /** Polls every 50 ms. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + LONG);
            }
            Thread.sleep(50);
        }
    }

    static String load() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
