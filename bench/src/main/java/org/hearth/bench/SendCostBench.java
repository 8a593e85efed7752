package org.hearth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;

/**
 * The database work of one {@code PUT /send}, counted rather than timed (the figures do not
 * depend on the machine's load): the SQL statements and commits the server sends PostgreSQL per
 * message, in a room of two local members (so push rules give one notification a message), read
 * from the PostgreSQL server log with {@code log_statement = 'all'} set on the benchmark's
 * database only. Everything the server does meanwhile counts (stream consumers, pushers), as it
 * is part of what a send costs. Also the server's CPU time per message by kind of thread
 * ({@link ServerCpu}: requests, other threads such as stream consumers, JIT, GC), which hardly
 * depends on the machine's load either.
 *
 * <p>Usage: {@code bench/run SendCostBench [log=/var/log/postgresql/postgresql-15-main.log]
 * [messages=100] [warm=300] [jfr=FILE]} (messages sent before, not counted: until the JIT has compiled the
 * send path, its CPU is most of the server's); the log must be readable and its {@code log_line_prefix} must hold {@code %d}.
 * {@code jfr=} records a Flight Recorder profile of the server during the counted messages, as
 * {@link PerfBench} does (the recording's own sampling adds to the CPU figures).
 */
public final class SendCostBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Its own per process: benchmarks run at once must not drop each other's database. */
    private static final String DATABASE = "hearth_send_cost_bench_" + ProcessHandle.current().pid();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = StatementLog.options(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "100"));
        int warmUp = Integer.parseInt(options.getOrDefault("warm", "300"));
        StatementLog statements = StatementLog.freshDatabase(DATABASE, options);
        TestConfig config = new TestConfig(Files.createTempDirectory("hearth-send-cost-")).openRegistration()
                .set("database.url", statements.url()).set("database.user", "postgres");
        int port = config.port();
        try (HearthProcess server = HearthProcess.launch(config.write(), port).awaitReady(Duration.ofSeconds(60))) {
            Accounts.Login sender = Accounts.register(server.http(), "sender", "pw");
            Accounts.Login reader = Accounts.register(server.http(), "reader", "pw");
            try (KeepAliveClient one = new KeepAliveClient(port, sender.accessToken());
                 KeepAliveClient two = new KeepAliveClient(port, reader.accessToken())) {
                String room = JSON.readTree(one.exchange("POST", "/_matrix/client/v3/createRoom",
                        "{\"preset\":\"public_chat\"}").ok().body()).get("room_id").asText();
                two.exchange("POST", "/_matrix/client/v3/join/" + room, "{}").ok();
                for (int i = 0; i < warmUp; i++) {
                    one.sendText(room, "warm" + i);
                }
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // background work of the warm-up ends
                long from = statements.offset();
                Map<String, Long> cpuBefore = ServerCpu.byKind(server.pid());
                JfrRecording recording = JfrRecording.start(server.pid(), options.get("jfr"));
                for (int i = 0; i < messages; i++) {
                    one.sendText(room, "m" + i);
                }
                recording.stop();
                LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // consumers of the last events finish
                Map<String, Long> cpu = ServerCpu.since(cpuBefore, ServerCpu.byKind(server.pid()));
                List<String> logged = statements.since(from);
                long commits = logged.stream().filter(s -> s.strip().equalsIgnoreCase("COMMIT")).count(); // also one sent with a pipeline
                System.out.printf("%d messages: %.2f statements, %.2f commits per message"
                                + " (%d statements, %d commits); load %s%n", messages,
                        logged.size() / (double) messages, commits / (double) messages,
                        logged.size(), commits, PerfBench.loadAverage());
                StringBuilder perKind = new StringBuilder();
                cpu.forEach((kind, nanos) -> perKind.append(String.format(" %s %.0f,", kind, nanos / 1e3 / messages)));
                System.out.printf("server CPU per message (µs):%s total %.0f%n", perKind,
                        cpu.values().stream().mapToLong(Long::longValue).sum() / 1e3 / messages);
            }
        } finally {
            Postgres.drop(DATABASE);
        }
    }




    private SendCostBench() {
    }
}
