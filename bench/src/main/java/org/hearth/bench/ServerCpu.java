package org.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time a process has used, from the kernel's per-thread run times
 * ({@code /proc/PID/task/TID/schedstat}, nanoseconds): unlike a latency, it hardly depends on
 * what else the machine runs. Threads that ended in between are not counted.
 */
final class ServerCpu {
    private ServerCpu() {
    }

    static long nanos(long pid) throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    total += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException ended) {
                    // the thread ended since the listing
                }
            }
        }
        return total;
    }
}
