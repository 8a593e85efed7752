package org.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;

/**
 * Fills a database for {@link PerfBench}'s figures on a big server: accounts written straight
 * into {@code accounts} in JDBC batches (a registration through the API hashes a password, which
 * would take hours for 100,000), rooms created through the API by a few clients at once (each
 * room is a create event, its state and the creator's membership, written as Hearth writes them).
 * The server runs during the fill, so the schema is its own.
 *
 * <p>Usage: {@code bench/run PopulateBench sqlite DIR [users=100000] [rooms=10000]} or
 * {@code bench/run PopulateBench postgres DBNAME [users] [rooms]} (the database is created anew),
 * then {@code bench/run PerfBench sqlite existing=DIR} or {@code PerfBench postgres existing=DBNAME}.
 */
public final class PopulateBench {
    private static final int CREATORS = 4;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PopulateBench sqlite DIR|postgres DBNAME [users=100000] [rooms=10000]");
            System.exit(2);
        }
        boolean sqlite = args[0].equals("sqlite");
        int users = args.length > 2 ? Integer.parseInt(args[2].replace("users=", "")) : 100_000;
        int rooms = args.length > 3 ? Integer.parseInt(args[3].replace("rooms=", "")) : 10_000;
        Path dir = Files.createTempDirectory("hearth-populate-");
        TestConfig config = new TestConfig(dir).openRegistration();
        String jdbc;
        if (sqlite) {
            Path data = Path.of(args[1]).toAbsolutePath();
            config.set("data_dir", data.toString());
            jdbc = "jdbc:sqlite:" + data.resolve("hearth.db");
        } else {
            jdbc = Postgres.recreate(args[1]);
            config.set("database.url", jdbc).set("database.user", "postgres");
        }
        long start = System.nanoTime();
        try (HearthProcess server = HearthProcess.launch(config.write(), config.port()).awaitReady(Duration.ofSeconds(120))) {
            insertAccounts(jdbc, users);
            System.out.printf("%d accounts in %.1f s%n", users, (System.nanoTime() - start) / 1e9);
            long roomsStart = System.nanoTime();
            createRooms(server, config.port(), rooms);
            System.out.printf("%d rooms in %.1f s%n", rooms, (System.nanoTime() - roomsStart) / 1e9);
        }
    }

    private static void insertAccounts(String jdbc, int users) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO accounts (user_id, created_at) VALUES (?, ?)")) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < users; i++) {
                    insert.setString(1, "@filler" + i + ":localhost");
                    insert.setLong(2, now);
                    insert.addBatch();
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                c.commit();
            }
        }
    }

    private static void createRooms(HearthProcess server, int port, int rooms) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        AtomicInteger left = new AtomicInteger(rooms);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < CREATORS; i++) {
            Accounts.Login creator = Accounts.register(server.http(), "creator" + i, "pw");
            running.add(pool.submit(() -> {
                try (KeepAliveClient client = new KeepAliveClient(port, creator.accessToken())) {
                    while (left.getAndDecrement() > 0) {
                        KeepAliveClient.Answer answer = client.exchange("POST", "/_matrix/client/v3/createRoom",
                                "{\"preset\":\"public_chat\"}");
                        if (answer.status() != 200) {
                            throw new IllegalStateException("createRoom answered " + answer);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
    }

    private PopulateBench() {
    }
}
