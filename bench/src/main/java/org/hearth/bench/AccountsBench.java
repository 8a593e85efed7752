package org.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * Logins per second and the latency of {@code GET /account/whoami} under concurrent clients, on
 * SQLite and on PostgreSQL (database {@code hearth_bench}, recreated), against the assembled
 * server started as its own process.
 *
 * <p>Usage: {@code bench/run AccountsBench [clients=16] [seconds=10]}
 */
public final class AccountsBench {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf("AccountsBench: %d concurrent clients, %d s per phase, %d cores%n",
                clients, seconds, Runtime.getRuntime().availableProcessors());
        run("sqlite", c -> { }, clients, seconds);
        String db = Postgres.recreate("hearth_bench");
        run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), clients, seconds);
    }

    private static void run(String name, java.util.function.Consumer<TestConfig> database, int clients, int seconds)
            throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench-");
        TestConfig config = new TestConfig(dir)
                .set("registration.enabled", true)
                .set("rate_limits.login.per_second", 1_000_000)
                .set("rate_limits.login.burst", 1_000_000)
                .set("rate_limits.registration.per_second", 1_000_000)
                .set("rate_limits.registration.burst", 1_000_000);
        database.accept(config);
        try (HearthProcess server = HearthProcess.launch(config.write(), config.port()).awaitReady(Duration.ofSeconds(60))) {
            MatrixHttp http = server.http();
            List<Accounts.Login> users = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                users.add(Accounts.register(http, "bench" + i, "password " + i));
            }
            LatencyRecorder logins = phase(clients, seconds, i -> http.post("/_matrix/client/v3/login",
                    Map.of("type", "m.login.password", "user", "bench" + i, "password", "password " + i)));
            System.out.printf("[%s] login:  %s%n", name, logins.summary(seconds));
            LatencyRecorder whoami = phase(clients, seconds, i -> users.get(i).http().get("/_matrix/client/v3/account/whoami"));
            System.out.printf("[%s] whoami: %s%n", name, whoami.summary(seconds));
            System.out.printf("[%s] server resident memory: %d MiB%n", name, Rss.mib(server.pid()));
        }
    }

    /** Each client repeats its request for the given time; every answer must be 200. */
    private static LatencyRecorder phase(int clients, int seconds, java.util.function.IntFunction<Reply> request)
            throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    Reply reply = request.apply(client);
                    recorder.record(System.nanoTime() - start);
                    if (reply.status() != 200) {
                        throw new IllegalStateException("unexpected answer " + reply);
                    }
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

    private AccountsBench() {
    }

    /** Resident memory of a process, from /proc. */
    static final class Rss {
        static long mib(long pid) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        }
    }
}
