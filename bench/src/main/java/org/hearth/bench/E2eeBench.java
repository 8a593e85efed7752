package org.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;

/**
 * End-to-end encryption traffic against the assembled server started as its own process, on
 * SQLite and on PostgreSQL (database {@code hearth_bench_e2ee}, recreated): 1,000 devices (100
 * users with 10 devices each) upload signed device keys, 100 one-time keys and a fallback key;
 * then {@code /keys/query} for all 1,000 devices and {@code /keys/claim} of one key from each of
 * them (one client, then concurrent clients), and to-device messages from concurrent clients (one
 * per request, and 100 per request), drained through {@code /sync}.
 *
 * <p>Usage: {@code bench/run E2eeBench [clients=16] [seconds=10] [users=100] [devicesPerUser=10]}
 */
public final class E2eeBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TXN = new AtomicInteger();
    private static final int ONE_TIME_KEYS = 100;
    private static final String FALLBACK_KEY_ID = "signed_curve25519:F";

    /** One device and the key it signs with. */
    private record Device(Accounts.Login login, Ed25519Keys keys) {}

    public static void main(String[] args) throws Exception {
        int clients = arg(args, 0, 16);
        int seconds = arg(args, 1, 10);
        int users = arg(args, 2, 100);
        int devicesPerUser = arg(args, 3, 10);
        System.out.printf("E2eeBench: %d clients, %d s per phase, %d users x %d devices; %d cores%n",
                clients, seconds, users, devicesPerUser, Runtime.getRuntime().availableProcessors());
        run("sqlite", c -> { }, clients, seconds, users, devicesPerUser);
        String db = Postgres.recreate("hearth_bench_e2ee");
        run("postgres", c -> c.set("database.url", db).set("database.user", "postgres"), clients, seconds, users,
                devicesPerUser);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static void run(String name, Consumer<TestConfig> database, int clients, int seconds, int userCount,
                            int devicesPerUser) throws Exception {
        try (HearthProcess server = BenchServer.start(database, Duration.ofSeconds(60))) {
            MatrixHttp http = server.http();
            long setupStart = System.nanoTime();
            List<Device> devices = devices(http, clients, userCount, devicesPerUser);
            LatencyRecorder uploads = each(clients, devices.size(), i -> upload(devices.get(i)));
            System.out.printf("[%s] %d devices registered and logged in, keys uploaded (%d one-time keys each) in %.1f s;"
                    + " uploads: %s%n", name, devices.size(), ONE_TIME_KEYS, (System.nanoTime() - setupStart) / 1e9,
                    uploads.summary(1).replaceFirst(" in 1.0 s = \\d+/s", ""));

            Map<String, List<String>> everyone = new LinkedHashMap<>();
            Map<String, Map<String, String>> oneKeyEach = new LinkedHashMap<>();
            for (Device d : devices) {
                everyone.put(d.login().userId(), List.of());
                oneKeyEach.computeIfAbsent(d.login().userId(), u -> new LinkedHashMap<>())
                        .put(d.login().deviceId(), "signed_curve25519");
            }
            Accounts.Login asker = devices.get(0).login();
            for (int c : new int[] {1, clients}) {
                LatencyRecorder query = during(c, seconds, i -> expect(asker.http().post("/_matrix/client/v3/keys/query",
                        Map.of("device_keys", everyone)), devices.size(), "/device_keys"));
                System.out.printf("[%s] /keys/query of %d devices, %d client(s): %s; %.0f devices/s%n", name,
                        devices.size(), c, query.summary(seconds), query.count() * (double) devices.size() / seconds);
            }
            for (int c : new int[] {1, clients}) {
                AtomicLong oneTime = new AtomicLong();
                AtomicLong fallback = new AtomicLong();
                LatencyRecorder claim = during(c, seconds, i -> {
                    Reply reply = asker.http().post("/_matrix/client/v3/keys/claim", Map.of("one_time_keys", oneKeyEach));
                    check(reply);
                    reply.json().get("one_time_keys").forEach(byDevice -> byDevice.forEach(keys -> keys.fieldNames()
                            .forEachRemaining(id -> (id.equals(FALLBACK_KEY_ID) ? fallback : oneTime).incrementAndGet())));
                    return reply;
                });
                System.out.printf("[%s] /keys/claim of %d devices, %d client(s): %s; %.0f keys/s (%d one-time, %d fallback)%n",
                        name, devices.size(), c, claim.summary(seconds), (oneTime.get() + fallback.get()) / (double) seconds,
                        oneTime.get(), fallback.get());
            }

            toDevice(name, clients, seconds, devices);
            System.out.printf("[%s] server resident memory: %d MiB%n", name, AccountsBench.Rss.mib(server.pid()));
        }
    }

    /** Registers the users and logs each in again until it has its devices. */
    private static List<Device> devices(MatrixHttp http, int clients, int users, int perUser) throws Exception {
        List<Device> devices = java.util.Collections.synchronizedList(new ArrayList<>());
        each(clients, users, u -> {
            Accounts.Login first = Accounts.register(http, "e2e" + u, "pw");
            devices.add(new Device(first, new Ed25519Keys()));
            for (int d = 1; d < perUser; d++) {
                devices.add(new Device(Accounts.login(http, first.userId(), "pw", false), new Ed25519Keys()));
            }
            return null;
        });
        return new ArrayList<>(devices);
    }

    private static Reply upload(Device device) {
        String user = device.login().userId();
        String id = device.login().deviceId();
        String keyId = "ed25519:" + id;
        ObjectNode deviceKeys = JSON.createObjectNode().put("user_id", user).put("device_id", id);
        deviceKeys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
        deviceKeys.putObject("keys").put("curve25519:" + id, "curve" + id).put(keyId, device.keys().publicKey());
        ObjectNode oneTimeKeys = JSON.createObjectNode();
        for (int k = 0; k < ONE_TIME_KEYS; k++) {
            oneTimeKeys.set("signed_curve25519:K" + k, device.keys().sign(JSON.createObjectNode().put("key", "k" + k), user, keyId));
        }
        ObjectNode fallback = JSON.createObjectNode();
        fallback.set(FALLBACK_KEY_ID, device.keys().sign(JSON.createObjectNode().put("key", "f").put("fallback", true),
                user, keyId));
        Reply reply = device.login().http().post("/_matrix/client/v3/keys/upload", Map.of(
                "device_keys", device.keys().sign(deviceKeys, user, keyId), "one_time_keys", oneTimeKeys, "fallback_keys", fallback));
        check(reply);
        return reply;
    }

    /**
     * To-device messages: one per request to one device, then 100 per request (to 100 devices,
     * as clients share a room key); then every recipient device drains its queue through /sync.
     */
    private static void toDevice(String name, int clients, int seconds, List<Device> devices) throws Exception {
        List<String> since = new ArrayList<>();
        for (Device d : devices) {
            since.add(d.login().http().get("/_matrix/client/v3/sync?timeout=0").json().get("next_batch").asText());
        }
        AtomicLong sent = new AtomicLong();
        LatencyRecorder single = during(clients, seconds, c -> {
            Device to = devices.get((int) (sent.incrementAndGet() % devices.size()));
            return check(devices.get(c % devices.size()).login().http().put("/_matrix/client/v3/sendToDevice/m.bench/b"
                    + TXN.incrementAndGet(), Map.of("messages", Map.of(to.login().userId(),
                    Map.of(to.login().deviceId(), Map.of("n", TXN.get()))))));
        });
        System.out.printf("[%s] to-device, 1 message per request: %s%n", name, single.summary(seconds));

        AtomicLong batches = new AtomicLong();
        LatencyRecorder batched = during(clients, seconds, c -> {
            int from = (int) (batches.incrementAndGet() * 100 % devices.size());
            Map<String, Map<String, Object>> messages = new LinkedHashMap<>();
            for (int i = 0; i < 100; i++) {
                Device to = devices.get((from + i) % devices.size());
                messages.computeIfAbsent(to.login().userId(), u -> new LinkedHashMap<>())
                        .put(to.login().deviceId(), Map.of("ciphertext", "x".repeat(200)));
            }
            return check(devices.get(c % devices.size()).login().http().put("/_matrix/client/v3/sendToDevice/m.bench/b"
                    + TXN.incrementAndGet(), Map.of("messages", messages)));
        });
        System.out.printf("[%s] to-device, 100 messages per request: %s; %.0f messages/s%n", name,
                batched.summary(seconds), batched.count() * 100.0 / seconds);

        AtomicLong delivered = new AtomicLong();
        long drainStart = System.nanoTime();
        each(clients, devices.size(), i -> {
            String token = since.get(i);
            while (true) {
                Reply reply = devices.get(i).login().http().get("/_matrix/client/v3/sync?timeout=0&since=" + token);
                check(reply);
                JsonNode events = reply.json().at("/to_device/events");
                delivered.addAndGet(events.size());
                token = reply.json().get("next_batch").asText();
                if (events.isEmpty()) {
                    return reply;
                }
            }
        });
        double drain = (System.nanoTime() - drainStart) / 1e9;
        System.out.printf("[%s] to-device delivered through /sync: %d messages to %d devices in %.1f s = %.0f messages/s%n",
                name, delivered.get(), devices.size(), drain, delivered.get() / drain);
    }

    /** Runs request(i) for i in [0, count) on {@code clients} threads. */
    private static LatencyRecorder each(int clients, int count, IntFunction<Reply> request) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        AtomicInteger next = new AtomicInteger();
        run(clients, c -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                long start = System.nanoTime();
                request.apply(i);
                recorder.record(System.nanoTime() - start);
            }
        });
        return recorder;
    }

    /** Each of {@code clients} threads repeats request(client) for the given time. */
    private static LatencyRecorder during(int clients, int seconds, IntFunction<Reply> request) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        run(clients, c -> {
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                request.apply(c);
                recorder.record(System.nanoTime() - start);
            }
        });
        return recorder;
    }

    private static void run(int clients, java.util.function.IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> work.accept(client)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Reply expect(Reply reply, int devices, String section) {
        check(reply);
        int found = 0;
        for (JsonNode byDevice : reply.json().at(section)) {
            found += byDevice.size();
        }
        if (found != devices) {
            throw new IllegalStateException("expected " + devices + " devices, got " + found);
        }
        return reply;
    }

    private static Reply check(Reply reply) {
        if (reply.status() != 200) {
            throw new IllegalStateException("unexpected answer " + reply);
        }
        return reply;
    }
}
