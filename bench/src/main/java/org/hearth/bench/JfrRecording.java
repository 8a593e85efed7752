package org.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Flight Recorder profile of the server, taken with {@code jcmd} when a file is asked for. */
record JfrRecording(long pid, String file) {
    /**
     * Samples every millisecond of CPU, not the 10 to 20 ms of the built-in settings: a few hundred
     * requests give thousands; so are the threads in native code (SQLite's JNI calls do all its
     * work there, which CPU samples of Java code never see); allocations sampled (each sample weighs the bytes allocated since the
     * previous one), and every collection with its pause; every wait of the server's own code
     * (socket reads: database round trips; parks and monitors: locks and hand-offs; file forces:
     * fsyncs), however short, for where the wall-clock time of a request goes that CPU samples miss.
     */
    private static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0">
              <event name="jdk.ExecutionSample"><setting name="enabled">true</setting>\
            <setting name="period">1 ms</setting></event>
              <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting>\
            <setting name="period">1 ms</setting></event>
              <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting>\
            <setting name="throttle">5000/s</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.GarbageCollection"><setting name="enabled">true</setting></event>
              <event name="jdk.SocketRead"><setting name="enabled">true</setting>\
            <setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.ThreadPark"><setting name="enabled">true</setting>\
            <setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.JavaMonitorEnter"><setting name="enabled">true</setting>\
            <setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.FileForce"><setting name="enabled">true</setting>\
            <setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
            </configuration>
            """;

    static JfrRecording start(long pid, String file) throws IOException, InterruptedException {
        JfrRecording r = new JfrRecording(pid, file);
        if (file != null) {
            Path settings = Files.createTempFile("hearth-perf", ".jfc");
            Files.writeString(settings, SETTINGS);
            settings.toFile().deleteOnExit();
            r.jcmd("JFR.start", "name=perf", "settings=" + settings);
        }
        return r;
    }

    void stop() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=perf", "filename=" + (file == null ? "" : Path.of(file).toAbsolutePath()));
        if (file != null) {
            JfrSummary.print(Path.of(file), 40);
        }
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        if (file == null) {
            return;
        }
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed: " + out);
        }
    }
}
