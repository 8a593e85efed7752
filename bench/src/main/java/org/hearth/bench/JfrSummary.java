package org.hearth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a recording's CPU samples went, as a table: for each method of the server's own code and
 * of the libraries on its path (Undertow, MyBatis, the drivers, Jackson, Bouncy Castle, logback),
 * the share of samples it was on the stack of (so a method's share includes what it called); the
 * same for the samples of the server's threads in native code (SQLite works there); the
 * same for the bytes allocated (from the allocation samples, each weighing the bytes since the one
 * before), and the collections with their pauses; and the waits of the server's own code (those
 * with a frame of {@code org.hearth.} on their stack, so not idle pool threads): how many times and
 * how many milliseconds each kind of wait took (socket reads of the database drivers are round trips), and per method the milliseconds of waits it was on the stack of.
 * A stack deeper than the recording's depth loses its outer frames: start the server with
 * {@code HEARTH_JAVA_OPTS=-XX:FlightRecorderOptions:stackdepth=512} for whole stacks.
 */
final class JfrSummary {
    private static final Set<String> WAITS = Set.of("jdk.SocketRead", "jdk.ThreadPark", "jdk.JavaMonitorEnter",
            "jdk.FileForce");
    private static final List<String> SHOWN = List.of("org.hearth.", "io.undertow.", "org.apache.ibatis.",
            "org.postgresql.", "org.sqlite.", "com.zaxxer.", "com.fasterxml.", "org.bouncycastle.", "ch.qos.logback.");

    private JfrSummary() {
    }

    static void print(Path file, int rows) throws IOException {
        Map<String, Integer> onStack = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Long> allocatedOnStack = new HashMap<>();
        long allocated = 0;
        int samples = 0;
        Map<String, Integer> inNative = new HashMap<>();
        int nativeSamples = 0;
        int collections = 0;
        Duration paused = Duration.ZERO;
        Duration longest = Duration.ZERO;
        Map<String, Duration> waitedByKind = new HashMap<>();
        Map<String, Integer> waitsByKind = new HashMap<>();
        Map<String, Duration> waitedOnStack = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String kind = event.getEventType().getName();
            if ("jdk.GarbageCollection".equals(kind)) {
                collections++;
                paused = paused.plus(event.getDuration("sumOfPauses"));
                Duration pause = event.getDuration("longestPause");
                longest = pause.compareTo(longest) > 0 ? pause : longest;
            } else if (WAITS.contains(kind) && ownCode(event)) {
                Duration waited = event.getDuration();
                waitedByKind.merge(kind.substring(4), waited, Duration::plus);
                waitsByKind.merge(kind.substring(4), 1, Integer::sum);
                methods(event).forEach(m -> waitedOnStack.merge(m, waited, Duration::plus));
            } else if ("jdk.ObjectAllocationSample".equals(kind) && event.getStackTrace() != null) {
                long weight = event.getLong("weight");
                allocated += weight;
                methods(event).forEach(m -> allocatedOnStack.merge(m, weight, Long::sum));
            } else if ("jdk.NativeMethodSample".equals(kind) && ownCode(event)) {
                nativeSamples++;
                methods(event).forEach(m -> inNative.merge(m, 1, Integer::sum));
            } else if ("jdk.ExecutionSample".equals(kind) && event.getStackTrace() != null) {
                samples++;
                String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
                byThread.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
                methods(event).forEach(m -> onStack.merge(m, 1, Integer::sum));
            }
        }
        System.out.printf("%nCPU samples in %s: %d (1 ms each)%n%n| thread | share |%n|---|---|%n", file, samples);
        int total = Math.max(1, samples);
        byThread.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / total));
        System.out.printf("%n| method (with what it calls) | share of samples |%n|---|---|%n");
        onStack.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / total));
        System.out.printf("%nNative samples of the server's code (JNI calls, such as SQLite's work and its fsyncs): %d"
                + "%n%n| method (with what it calls) | share of native samples |%n|---|---|%n", nativeSamples);
        int natives = Math.max(1, nativeSamples);
        inNative.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / natives));
        System.out.printf("%nAllocated: %d MiB (sampled); %d collections, %d ms paused, the longest %d ms%n",
                allocated >> 20, collections, paused.toMillis(), longest.toMillis());
        System.out.printf("%n| method (with what it calls) | share of bytes allocated |%n|---|---|%n");
        long bytes = Math.max(1, allocated);
        allocatedOnStack.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / bytes));
        System.out.printf("%nWaits of the server's code: %s%n", waitedByKind.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + waitsByKind.get(e.getKey()) + " times, " + e.getValue().toMillis() + " ms")
                .toList());
        System.out.printf("%n| method (with what it calls) | ms waited |%n|---|---|%n");
        waitedOnStack.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("| %s | %d |%n", e.getKey(), e.getValue().toMillis()));
    }

    private static boolean ownCode(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .anyMatch(f -> f.getMethod().getType().getName().startsWith("org.hearth."));
    }

    /** The methods of the shown packages on the event's stack, each once. */
    private static Set<String> methods(RecordedEvent event) {
        Set<String> methods = new HashSet<>();
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (SHOWN.stream().anyMatch(type::startsWith) && !type.contains("$$Lambda")) {
                methods.add(type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName());
            }
        }
        return methods;
    }
}
