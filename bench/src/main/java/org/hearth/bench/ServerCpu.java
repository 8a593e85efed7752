package org.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
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
        return byKind(pid).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The CPU time by kind of thread: the JIT compilers and the garbage collector apart from the
     * threads that run requests, so that a figure taken before the code is compiled can be read.
     */
    static Map<String, Long> byKind(long pid) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    out.merge(kind(Files.readString(task.resolve("comm")).trim()), nanos, Long::sum);
                } catch (IOException ended) {
                    // the thread ended since the listing
                }
            }
        }
        return out;
    }

    /** The difference between two {@link #byKind} readings. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((kind, nanos) -> out.put(kind, nanos - before.getOrDefault(kind, 0L)));
        return out;
    }

    private static String kind(String comm) {
        if (comm.contains("Compiler")) {
            return "jit";
        }
        if (comm.startsWith("GC ") || comm.startsWith("VM Thread") || comm.startsWith("G1 ")) {
            return "gc";
        }
        return comm.startsWith("XNIO") || comm.startsWith("hearth-sliding") ? "requests" : "other";
    }
}
