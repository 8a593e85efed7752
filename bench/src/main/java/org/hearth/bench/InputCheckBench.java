package org.hearth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hearth.api.http.ClientJson;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * What the input checks of issue 9 cost on {@code /send}.
 *
 * <ol>
 *   <li>In this JVM: parsing a message body with {@link ClientJson} (limits, number and Unicode
 *       rules) against Jackson's plain {@code readTree}, per body.</li>
 *   <li>End to end: one client sending messages one after the other into one room of the
 *       assembled server on SQLite, p50/p99 per {@code /send}; with a second Hearth directory as
 *       argument (an older build), the same against it, to compare.</li>
 * </ol>
 *
 * <p>Usage: {@code bench/run InputCheckBench [sends=2000] [other-hearth-home]}
 */
public final class InputCheckBench {
    private static final String BODY = "{\"msgtype\":\"m.text\",\"body\":\"Hello, this is a message of ordinary length "
            + "with an emoji \\ud83d\\ude00\",\"m.relates_to\":{\"m.in_reply_to\":{\"event_id\":\"$abcdefghijklmnopqrstuvwxyz012345\"}}}";

    private InputCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int sends = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        micro();
        endToEnd("this build", sends);
        if (args.length > 1) {
            System.setProperty("hearth.home", args[1]);
            endToEnd(args[1], sends);
        }
    }

    /** The fastest of ten alternating rounds of each, so that JIT and a busy machine blur neither side. */
    private static void micro() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        ObjectMapper plain = new ObjectMapper();
        int rounds = 100_000;
        long checked = Long.MAX_VALUE;
        long jackson = Long.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            checked = Math.min(checked, time(rounds, () -> ClientJson.parse(body)));
            jackson = Math.min(jackson, time(rounds, () -> plain.readTree(body)));
        }
        System.out.printf("InputCheckBench: %d-byte message body, best of 10 x %d parses: ClientJson %.2f µs, Jackson"
                + " readTree %.2f µs, checks add %.2f µs per body%n", body.length, rounds, checked / 1e3 / rounds,
                jackson / 1e3 / rounds, (checked - jackson) / 1e3 / rounds);
    }

    private interface Parse {
        Object run() throws Exception;
    }

    private static long time(int rounds, Parse parse) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            if (parse.run() == null) {
                throw new IllegalStateException();
            }
        }
        return System.nanoTime() - start;
    }

    private static void endToEnd(String name, int sends) throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench-");
        TestConfig config = new TestConfig(dir).openRegistration();
        try (HearthProcess server = HearthProcess.launch(config.write(), config.port()).awaitReady(Duration.ofSeconds(90))) {
            Accounts.Login alice = Accounts.register(server.http(), "alice", "pw");
            Reply created = alice.http().post("/_matrix/client/v3/createRoom", Map.of());
            String room = created.json().get("room_id").asText();
            LatencyRecorder recorder = new LatencyRecorder();
            long began = 0;
            for (int i = -200; i < sends; i++) {
                if (i == 0) {
                    began = System.nanoTime();
                }
                long start = System.nanoTime();
                Reply reply = alice.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/t" + i, BODY);
                long nanos = System.nanoTime() - start;
                if (reply.status() != 200) {
                    throw new IllegalStateException(reply.toString());
                }
                if (i >= 0) {
                    recorder.record(nanos); // the first 200 warm the JVM up
                }
            }
            System.out.printf("[%s] sequential /send on SQLite: %s%n", name,
                    recorder.summary((System.nanoTime() - began) / 1e9));
        }
    }
}
