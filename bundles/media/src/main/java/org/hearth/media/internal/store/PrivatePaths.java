package org.hearth.media.internal.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories (0700) and files (0600) that only the server's own user reads, whatever the umask:
 * created with those permissions (never readable by others, not even for a moment) and then set
 * again, because the umask may have taken bits away.
 */
final class PrivatePaths {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivatePaths() {
    }

    /** Creates the directory (not its parents) if it is missing, and makes it private. */
    static Path directory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, attribute(DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        restrict(dir, DIRECTORY);
        return dir;
    }

    /** A new, empty private file in the directory. */
    static Path newFile(Path dir, String prefix) throws IOException {
        Path file = Files.createTempFile(dir, prefix, ".tmp", attribute(FILE));
        restrict(file, FILE);
        return file;
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        return isPosix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (isPosix() && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean isPosix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
