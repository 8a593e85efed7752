package org.hearth.storage.sql.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The drivers' own data sources, configured for Hearth. Built directly: inside OSGi,
 * {@code DriverManager} cannot see the drivers.
 */
final class DataSources {
    /** How long an SQLite connection waits for a lock held by another process (the sqlite3 tool, a backup). */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private DataSources() {
    }

    static DataSource forSettings(DatabaseSettings settings) {
        return switch (settings.dialect()) {
            case SQLITE -> sqlite(settings.url());
            case POSTGRES -> postgres(settings);
        };
    }

    private static DataSource sqlite(String url) {
        createPrivately(url);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL syncs the WAL on every commit: an acknowledged write survives power loss.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // Take the write lock at BEGIN: a read-then-write transaction cannot fail halfway on SQLITE_BUSY.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Nothing reads generated keys (ids come back by RETURNING); left on, the driver matches
        // every executed statement against a regular expression to prepare them.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    private static DataSource postgres(DatabaseSettings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.url());
        if (settings.user() != null) {
            dataSource.setUser(settings.user());
        }
        if (settings.password() != null) {
            dataSource.setPassword(settings.password());
        }
        dataSource.setApplicationName("hearth");
        // The server's error detail repeats the offending values ("Key (token_hash)=(\x…)"): keep it out of messages.
        dataSource.setLogServerErrorDetail(false);
        return dataSource;
    }

    /**
     * SQLite creates the file but not its directory. Both are created here, readable by this
     * server's user only, whatever the umask: the directory 0700, the file 0600. SQLite gives the
     * {@code -wal} and {@code -shm} files it creates the mode of the database file; those of an
     * older install are restricted too.
     */
    private static void createPrivately(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:")) {
            return;
        }
        Path db = Path.of(file).toAbsolutePath();
        Path parent = db.getParent();
        try {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent, ownerOnly("rwx------"));
            }
            if (!Files.exists(db)) {
                Files.createFile(db, ownerOnly("rw-------")); // an empty file is an empty SQLite database
            }
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Path f = db.resolveSibling(db.getFileName() + suffix);
                if (Files.exists(f) && isPosix(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + db + " readable by this user only", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
