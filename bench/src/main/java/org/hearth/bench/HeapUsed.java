package org.hearth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java heap a server process holds after a full collection ({@code jcmd PID GC.run}, then
 * {@code GC.heap_info}): what it keeps, without the garbage that makes its resident memory a
 * poor measure of a small difference.
 */
final class HeapUsed {
    /** "used 1234K" of each generation or region of {@code GC.heap_info}, for the collectors the server uses. */
    private static final Pattern USED = Pattern.compile("^\\s*(?:def new generation|tenured generation|garbage-first heap|"
            + "PSYoungGen|ParOldGen)\\s.*?used (\\d+)K", Pattern.MULTILINE);

    private HeapUsed() {
    }

    static long afterGcBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        long kib = 0;
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
        }
        return kib * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed: " + out);
        }
        return out;
    }
}
