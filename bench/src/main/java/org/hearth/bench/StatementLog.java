package org.hearth.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statements PostgreSQL logs for one database, read back from its log file: what the cost
 * benches ({@link SendCostBench}, {@link SyncCostBench}) count. The log must be readable and its
 * {@code log_line_prefix} must hold {@code %d} (the database name), as Debian's default does.
 */
final class StatementLog {
    private static final String DEBIAN_LOG = "/var/log/postgresql/postgresql-15-main.log";

    private final Path log;
    private final String database;
    private final String url;

    private StatementLog(Path log, String database, String url) {
        this.log = log;
        this.database = database;
        this.url = url;
    }

    /**
     * The bench's arguments, {@code name=value} each: a bench reads its own; {@code log} names the
     * PostgreSQL log file (default Debian's).
     */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    /** A new empty database with every statement logged, read back from the log the options name. */
    static StatementLog freshDatabase(String database, Map<String, String> options) throws SQLException {
        String url = Postgres.recreate(database);
        try (Connection c = DriverManager.getConnection(Postgres.url("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + database + " SET log_statement = 'all'");
        }
        return new StatementLog(Path.of(options.getOrDefault("log", DEBIAN_LOG)), database, url);
    }

    /** The JDBC URL of the database. */
    String url() {
        return url;
    }

    /** Where the log ends now: {@link #since} reads what comes after. */
    long offset() throws IOException {
        return Files.size(log);
    }

    /** The statements (BEGIN and COMMIT included) logged for the database after the offset, their SQL text only. */
    List<String> since(long from) throws IOException {
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            bytes = new byte[(int) (file.length() - from)];
            file.readFully(bytes);
        }
        List<String> statements = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("@" + database + " ")) {
                int at = line.indexOf("LOG:  execute");
                at = at < 0 ? line.indexOf("LOG:  statement:") : at;
                if (at >= 0) {
                    statements.add(line.substring(line.indexOf(':', at + 6) + 2));
                }
            }
        }
        return statements;
    }
}
