package org.hearth.bench;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthHome;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.ldap.TestLdapServer;

/**
 * LDAP logins per second through Hearth (the auth-ldap bundle deployed in the assembled server,
 * run as its own process, against the in-memory directory server in this JVM): the first login
 * of each of {@code users} directory users, then a second round; the directory alone for
 * comparison; and the directory sync over their linked accounts after a tenth were removed from
 * the directory: its time and the server's memory.
 *
 * <p>Usage: {@code bench/run LdapBench [clients=16] [users=10000]}
 */
public final class LdapBench {
    private static final String PEOPLE = "ou=people," + TestLdapServer.OPENLDAP_BASE;
    private static final Pattern SYNC_LINE = Pattern.compile(
            "LDAP sync: (\\d+) entries, (\\d+) linked accounts, (\\d+) deactivated in (\\d+) ms");

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        System.out.printf("LdapBench: %d concurrent clients, %d directory users, %d cores%n",
                clients, users, Runtime.getRuntime().availableProcessors());
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            for (int i = 0; i < users; i++) {
                ldap.server().add("dn: uid=user" + i + "," + PEOPLE, "objectClass: inetOrgPerson",
                        "uid: user" + i, "cn: User " + i, "sn: " + i, "userPassword: password " + i);
            }
            directoryAlone(ldap, clients, users);
            throughHearth(ldap, clients, users);
        }
    }

    /** Search-then-bind straight against the directory, with a pool of {@code clients} connections. */
    private static void directoryAlone(TestLdapServer ldap, int clients, int operations) throws Exception {
        try (LDAPConnectionPool pool = new LDAPConnectionPool(new LDAPConnection("127.0.0.1", ldap.port()),
                clients, clients)) {
            long start = System.nanoTime();
            LatencyRecorder recorder = each(clients, operations, i -> {
                try {
                    String dn = pool.searchForEntry(TestLdapServer.OPENLDAP_BASE, SearchScope.SUB,
                            Filter.createEqualityFilter("uid", "user" + i), "1.1").getDN();
                    pool.bindAndRevertAuthentication(new SimpleBindRequest(dn, "password " + i));
                    return true;
                } catch (LDAPException e) {
                    return false;
                }
            });
            System.out.printf("[directory alone] search+bind: %s%n", recorder.summary((System.nanoTime() - start) / 1e9));
        }
    }

    private static void throughHearth(TestLdapServer ldap, int clients, int users) throws Exception {
        Path dir = Files.createTempDirectory("hearth-bench-ldap-");
        TestConfig config = new TestConfig(dir)
                .set("rate_limits.login.per_second", 1_000_000)
                .set("rate_limits.login.burst", 1_000_000);
        TestLdapServer.writeSection(config, ldap.openLdapConfig());
        config.set("auth_ldap.pool_size", clients);
        config.set("auth_ldap.sync.interval", "5s");
        Path file = config.write();
        Files.copy(authLdapJar(), config.deployDir().resolve("hearth-auth-ldap.jar"));
        try (HearthProcess server = HearthProcess.launch(file, config.port()).awaitReady(Duration.ofSeconds(60))) {
            MatrixHttp http = server.http();
            Await.until("the LDAP bundle to answer", Duration.ofSeconds(30), () -> login(http, 0).status() == 200);

            long start = System.nanoTime();
            LatencyRecorder firsts = each(clients, users, user -> login(http, user).status() == 200);
            System.out.printf("[hearth] first LDAP logins (account created, entry linked): %s%n",
                    firsts.summary((System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            LatencyRecorder again = each(clients, users, user -> login(http, user).status() == 200);
            System.out.printf("[hearth] LDAP logins of existing accounts: %s%n", again.summary((System.nanoTime() - start) / 1e9));
            long before = AccountsBench.Rss.mib(server.pid());
            Await.until("a sync pass over every linked account", Duration.ofSeconds(30),
                    () -> server.output().contains(" entries, " + users + " linked accounts, 0 deactivated"));
            int quiet = server.output().length();

            int removed = users / 10;
            for (int i = 0; i < removed; i++) {
                ldap.server().delete("uid=user" + i + "," + PEOPLE);
            }
            Matcher last = SYNC_LINE.matcher(server.output().substring(0, quiet));
            String idle = "";
            while (last.find()) {
                idle = last.group(1) + " entries listed, " + last.group(2) + " linked accounts, nothing to do, "
                        + last.group(4) + " ms";
            }
            System.out.printf("[hearth] sync pass before any removal: %s%n", idle);
            Await.until("the sync to deactivate " + removed + " accounts", Duration.ofMinutes(5),
                    () -> deactivated(server.output().substring(quiet), false) >= removed);
            deactivated(server.output().substring(quiet), true);
            System.out.printf("[hearth] server resident memory: %d MiB before the sync, %d MiB after%n",
                    before, AccountsBench.Rss.mib(server.pid()));
        }
    }

    /** Adds up the sync passes the server logged; a pass may have run while entries were being deleted. */
    private static int deactivated(String log, boolean print) {
        int total = 0;
        Matcher pass = SYNC_LINE.matcher(log);
        while (pass.find()) {
            total += Integer.parseInt(pass.group(3));
            if (print) {
                System.out.printf("[hearth] sync pass: %s entries listed, %s linked accounts, %s deactivated in %s ms%n",
                        pass.group(1), pass.group(2), pass.group(3), pass.group(4));
            }
        }
        return total;
    }

    private static Reply login(MatrixHttp http, int user) {
        return http.post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", "user" + user), "password", "password " + user));
    }

    /** Runs {@code operation(0 … count-1)} on {@code clients} threads; every one must succeed. */
    private static LatencyRecorder each(int clients, int count, IntPredicate operation) throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        List<Callable<Boolean>> work = IntStream.range(0, count).mapToObj(i -> (Callable<Boolean>) () -> {
            long start = System.nanoTime();
            boolean ok = operation.test(i);
            recorder.record(System.nanoTime() - start);
            return ok;
        }).toList();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (Future<Boolean> done : pool.invokeAll(work)) {
                if (!done.get()) {
                    throw new IllegalStateException("an operation failed");
                }
            }
        } finally {
            pool.shutdown();
        }
        return recorder;
    }

    private static Path authLdapJar() throws IOException {
        try (Stream<Path> jars = Files.list(HearthHome.get().resolve("bundles"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("hearth-auth-ldap-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no hearth-auth-ldap jar in bundles/"));
        }
    }

    private LdapBench() {
    }
}
