package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.testkit.HearthHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM options {@code bin/hearth} gives a server, as the JVM it starts reports them. */
class LaunchScriptTest {
    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\S+)", Pattern.MULTILINE);

    @TempDir
    Path dir;

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

    /**
     * Start-up code is left to the quick compiler (lib/compiler-directives.json): the JVM read the
     * file (it refuses to start with one it cannot parse), and what it says about it goes to
     * stderr, so that stdout has the server's own output alone.
     */
    @Test
    void startUpCodeIsLeftToTheQuickCompilerAndStdoutKeepsOnlyTheServersOutput() throws Exception {
        assertEquals(HearthHome.get().toAbsolutePath().normalize().resolve("lib/compiler-directives.json"),
                Path.of(finalFlags().get("CompilerDirectivesFile")));
        String stdout = version(Map.of("JAVA_HOME", System.getProperty("java.home")), false);
        assertTrue(stdout.matches("Hearth \\S+\\R"), "only the version on stdout: " + stdout);
    }

    /**
     * The script reads the JDK's version from its {@code release} file: a JDK without the option
     * would refuse to start with it. Checked against stand-in JDKs whose {@code bin/java} prints the
     * options it was given, for releases with and without an update number.
     */
    @Test
    void nativeHeapTrimmingIsAskedOnlyOfJdksThatHaveIt() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "the script trims on Linux only");
        Map<String, Boolean> trims = new LinkedHashMap<>();
        trims.put("17", false);
        trims.put("17.0.8", false);
        trims.put("17.0.9", true);
        trims.put("17.0.15", true);
        trims.put("21", false);
        trims.put("21.0.1", true);
        trims.put("17-ea", false);
        trims.put("25", true);
        for (Map.Entry<String, Boolean> jdk : trims.entrySet()) {
            String options = version(Map.of("JAVA_HOME", standInJdk(jdk.getKey()).toString(), "HEARTH_CDS", "off"));
            assertTrue(options.contains("-XX:+UseSerialGC"), options);
            assertEquals(jdk.getValue(), options.contains("-XX:TrimNativeHeapInterval=5000"),
                    "JAVA_VERSION=\"" + jdk.getKey() + "\": " + options);
        }
    }

    private Path standInJdk(String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdk-" + version).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    /** {@code -XX:+PrintFlagsFinal} of the JVM {@code bin/hearth --version} starts. */
    private static Map<String, String> finalFlags() throws Exception {
        String output = version(Map.of("JAVA_HOME", System.getProperty("java.home"),
                "HEARTH_JAVA_OPTS", "-XX:+PrintFlagsFinal"));
        Map<String, String> flags = new HashMap<>();
        Matcher m = FLAG.matcher(output);
        while (m.find()) {
            flags.put(m.group(1), m.group(2));
        }
        return flags;
    }

    /** What {@code bin/hearth --version} prints, with this environment, without {@code JAVA_OPTS}; it exits 0. */
    private static String version(Map<String, String> environment) throws Exception {
        return version(environment, true);
    }

    /** The same, with or without what it prints on stderr; without {@code HEARTH_JAVA_OPTS} unless given. */
    private static String version(Map<String, String> environment, boolean withStderr) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(HearthHome.get().resolve("bin/hearth").toString(), "--version")
                .redirectErrorStream(withStderr);
        if (!withStderr) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("HEARTH_JAVA_OPTS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/hearth --version did not exit");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
