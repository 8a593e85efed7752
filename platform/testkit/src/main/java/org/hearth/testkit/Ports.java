package org.hearth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Free TCP ports for test servers. Asking the OS for any free port ({@code new ServerSocket(0)})
 * races: between closing the probe and the server binding, another test JVM on the machine (the
 * other surefire fork, another build) may be handed the same port; seen: two clusters' servers on
 * one port, the second answered by the first. So a port handed out here is also reserved with a
 * lock file, which other JVMs using this class respect, until this JVM has handed out
 * {@link #HELD} more (by then its server has bound it) or exits (the OS drops the lock). Ports
 * come from below Linux's ephemeral range (32768 and up), so no outgoing connection holds one.
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;
    private static final int HELD = 64;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "hearth-test-ports");
    private static final Deque<FileChannel> RESERVED = new ArrayDeque<>();
    /** Where this JVM starts looking: spread by process ID so that JVMs rarely contend. */
    private static int next = (int) (ProcessHandle.current().pid() * 97 % COUNT);

    private Ports() {
    }

    /** A port nothing listens on now and no other test JVM has reserved. */
    public static synchronized int free() {
        try {
            Files.createDirectories(LOCKS);
            for (int tries = 0; tries < COUNT; tries++) {
                int port = FIRST + next;
                next = (next + 1) % COUNT;
                FileChannel lock = reserve(port);
                if (lock == null) {
                    continue;
                }
                if (!bindable(port)) {
                    lock.close();
                    continue;
                }
                RESERVED.addLast(lock);
                if (RESERVED.size() > HELD) {
                    RESERVED.removeFirst().close();
                }
                return port;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + (FIRST + COUNT - 1));
    }

    /** The port's lock file, locked by this JVM; null when another holds it. */
    private static FileChannel reserve(int port) throws IOException {
        FileChannel channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return channel;
            }
        } catch (OverlappingFileLockException heldHere) {
            // this JVM still holds it
        }
        channel.close();
        return null;
    }

    private static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
