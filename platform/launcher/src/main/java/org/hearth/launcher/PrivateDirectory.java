package org.hearth.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the database, the signing key and the registration secret: only the
 * server's own user may enter it (0700), whatever the umask; one that is open to others, left
 * by an older version, is closed and a line says so. {@code bin/hearth} also sets umask 077, so
 * that every file the server creates in it is 0600.
 */
final class PrivateDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectory() {
    }

    static void ensure(Path dir) throws IOException {
        boolean existed = Files.isDirectory(dir);
        Files.createDirectories(dir);
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return; // Windows: the directory inherits its ACL
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(dir);
        if (!current.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            if (existed) {
                LOG.info("Data directory {} was {}; now readable by this user only (rwx------)", dir,
                        PosixFilePermissions.toString(current));
            }
        }
    }
}
