package org.hearth.itest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory is the server's own: started by {@code bin/hearth} from a shell with the
 * usual umask 022, the directory is 0700 and nothing in it is readable by group or others (the
 * SQLite database and its -wal and -shm, the keys, the container's cache). A directory left open
 * by an older version is closed at start. Run once per database by the subclasses.
 */
abstract class DataDirectoryContract {
    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path dir;

    abstract TestConfig config(Path dir);

    /** Files the database under test keeps in the data directory. */
    abstract List<String> databaseFiles();

    @Test
    void everythingTheServerWritesIsForItsOwnUserWhateverTheUmask() throws IOException {
        TestConfig config = config(dir).set("registration.enabled", true);
        Path file = config.write();
        try (HearthProcess hearth = HearthProcess.launchWithUmask(file, config.port(), "022").awaitReady()) {
            Accounts.Login alice = Accounts.register(hearth.http(), "alice", "pw");
            assertEquals(200, alice.http().post("/_matrix/client/v3/createRoom", java.util.Map.of()).status());
            assertOwnerOnly(dataDir());
        }
    }

    @Test
    void aDataDirectoryLeftOpenIsClosed() throws IOException {
        Path data = dataDir();
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : databaseFiles()) {
            Files.createFile(data.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            Files.setPosixFilePermissions(data.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        TestConfig config = config(dir);
        try (HearthProcess hearth = HearthProcess.launchWithUmask(config.write(), config.port(), "022").awaitReady()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            for (String name : databaseFiles()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))), name);
            }
            assertTrue(hearth.output().contains("now readable by this user only"), "one line says so");
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    /** The directory 0700; nothing under it open to group or others. */
    static void assertOwnerOnly(Path data) throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(data)) {
            all.forEach(p -> {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.stream().anyMatch(OTHERS::contains)) {
                        open.add(data.relativize(p) + " " + PosixFilePermissions.toString(perms));
                    }
                } catch (IOException gone) {
                    // removed while we looked (a temporary file): nothing to check
                }
            });
        }
        assertTrue(open.isEmpty(), "readable by others: " + open);
    }
}
