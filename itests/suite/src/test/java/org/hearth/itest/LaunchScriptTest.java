package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.testkit.HearthHome;
import org.junit.jupiter.api.Test;

/** The JVM options {@code bin/hearth} gives a server, as the JVM it starts reports them. */
class LaunchScriptTest {
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\S+)", Pattern.MULTILINE);

    @Test
    void theDefaultsChooseTheSerialCollectorAndTrimTheNativeHeapOnJdksThatCan() throws Exception {
        Map<String, String> flags = finalFlags();
        assertEquals("true", flags.get("UseSerialGC"), "the collector");
        assertEquals(String.valueOf(512L << 20), flags.get("MaxHeapSize"));
        Runtime.Version jdk = Runtime.version();
        boolean canTrim = jdk.feature() > 21 || (jdk.feature() == 21 && jdk.update() >= 1)
                || (jdk.feature() == 17 && jdk.update() >= 9);
        if (canTrim && System.getProperty("os.name").equals("Linux")) {
            assertEquals("5000", flags.get("TrimNativeHeapInterval"), "native heap trimmed every 5 s on " + jdk);
        }
    }

    /** {@code -XX:+PrintFlagsFinal} of the JVM {@code bin/hearth --version} starts. */
    private static Map<String, String> finalFlags() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(HearthHome.get().resolve("bin/hearth").toString(), "--version")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("HEARTH_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/hearth --version did not exit");
        assertEquals(0, process.exitValue(), output);
        Map<String, String> flags = new HashMap<>();
        Matcher m = FLAG.matcher(output);
        while (m.find()) {
            flags.put(m.group(1), m.group(2));
        }
        return flags;
    }
}
