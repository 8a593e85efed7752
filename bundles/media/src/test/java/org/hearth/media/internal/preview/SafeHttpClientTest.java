package org.hearth.media.internal.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The preview client against two local servers: "outside" on 127.0.0.2 (allowed for the test, as
 * a public site would be) and "inside" on 127.0.0.1 (loopback, refused), which must never see a
 * request.
 */
class SafeHttpClientTest {
    private static final long MAX = 64 * 1024;
    private HttpServer outside;
    private HttpServer inside;
    private final List<String> insideRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> outsideHosts = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch testEnded = new CountDownLatch(1);
    private final AddressPolicy policy = new AddressPolicy(List.of(), List.of("127.0.0.2/32"));

    @BeforeEach
    void servers() throws IOException {
        inside = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        inside.createContext("/", exchange -> {
            insideRequests.add(exchange.getRequestURI().toString());
            answer(exchange, 200, "text/plain", "secret");
        });
        inside.start();
        outside = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        outside.createContext("/page", exchange -> {
            outsideHosts.add(exchange.getRequestHeaders().getFirst("Host"));
            answer(exchange, 200, "text/html", "<title>hello</title>");
        });
        outside.createContext("/to-inside", exchange -> redirect(exchange, "http://127.0.0.1:" + port(inside) + "/x"));
        outside.createContext("/to-name", exchange -> redirect(exchange, "http://site.test:" + port(outside) + "/page"));
        outside.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        outside.createContext("/big", exchange -> answer(exchange, 200, "text/html", "x".repeat((int) MAX + 1)));
        outside.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write("0123456789".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        outside.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] block = new byte[8192];
                for (int i = 0; i < 1000; i++) {
                    out.write(block);
                }
            } catch (IOException clientWentAway) {
                // expected
            }
        });
        outside.createContext("/slow", exchange -> {
            try {
                testEnded.await(); // answers only once the client has given up and the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "text/html", "late");
        });
        outside.start();
    }

    @AfterEach
    void stop() {
        testEnded.countDown();
        outside.stop(0);
        inside.stop(0);
    }

    @Test
    void loopbackIsRefusedByDefault() {
        SafeHttpClient client = client(new AddressPolicy(List.of(), List.of()), Resolver.SYSTEM);
        for (String url : List.of("http://127.0.0.1:" + port(inside) + "/", "http://localhost:" + port(inside) + "/",
                "http://[::ffff:127.0.0.1]:" + port(inside) + "/")) {
            PreviewException e = assertThrows(PreviewException.class, () -> get(client, url), url);
            assertTrue(e.refused(), url);
        }
        assertEquals(List.of(), insideRequests);
    }

    @Test
    void aRedirectToAnInternalAddressIsRefused() {
        PreviewException e = assertThrows(PreviewException.class,
                () -> get(client(policy, Resolver.SYSTEM), "http://127.0.0.2:" + port(outside) + "/to-inside"));

        assertTrue(e.refused());
        assertEquals("URL previews may not reach 127.0.0.1", e.getMessage());
        assertEquals(List.of(), insideRequests);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressAndANewAnswerIsCheckedAgain() throws Exception {
        // site.test first resolves to the allowed address, then to loopback (DNS rebinding)
        ChangingResolver resolver = new ChangingResolver("127.0.0.2", "127.0.0.1");
        SafeHttpClient client = client(policy, resolver);

        SafeHttpClient.Response page = get(client, "http://site.test:" + port(outside) + "/page");
        assertEquals(200, page.status());
        assertEquals("<title>hello</title>", new String(page.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("site.test:" + port(outside)), outsideHosts);
        assertEquals(1, resolver.calls.get(), "one lookup per hop");

        // the redirect names the host again: looked up again, now loopback, refused
        ChangingResolver rebinding = new ChangingResolver("127.0.0.2", "127.0.0.1");
        PreviewException e = assertThrows(PreviewException.class,
                () -> get(client(policy, rebinding), "http://site.test:" + port(outside) + "/to-name"));
        assertTrue(e.refused());
        assertEquals(2, rebinding.calls.get());
        assertEquals(List.of(), insideRequests);
    }

    @Test
    void anAnswerWithOneInternalAddressIsRefused() {
        Resolver mixed = host -> new InetAddress[] {InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")};
        PreviewException e = assertThrows(PreviewException.class,
                () -> get(client(policy, mixed), "http://site.test:" + port(outside) + "/page"));
        assertTrue(e.refused());
        assertEquals(List.of(), outsideHosts);
    }

    @Test
    void onlyHttpUrlsWithoutUserInformation() {
        SafeHttpClient client = client(policy, Resolver.SYSTEM);
        for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.2/", "gopher://127.0.0.2:70/",
                "http://user:pw@127.0.0.2:" + port(outside) + "/page", "http:///nohost")) {
            assertTrue(assertThrows(PreviewException.class, () -> get(client, url), url).refused(), url);
        }
    }

    @Test
    void everythingIsBounded() throws Exception {
        SafeHttpClient client = client(policy, Resolver.SYSTEM);
        String base = "http://127.0.0.2:" + port(outside);

        assertEquals(100, get(client, base + "/chunked").body().length);
        assertFailed(client, base + "/big", "the response is larger than " + MAX + " bytes");
        assertFailed(client, base + "/endless", "the response is larger than " + MAX + " bytes");
        assertFailed(client, base + "/loop", "more than 5 redirects");
        long start = System.nanoTime();
        PreviewException slow = assertThrows(PreviewException.class,
                () -> client.get(new URI(base + "/slow"), MAX, System.nanoTime() + 500_000_000L));
        assertEquals("the site did not answer in time", slow.getMessage());
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "the deadline cut the wait");
    }

    private static void assertFailed(SafeHttpClient client, String url, String message) {
        PreviewException e = assertThrows(PreviewException.class, () -> get(client, url), url);
        assertFalse(e.refused());
        assertEquals(message, e.getMessage());
    }

    private static SafeHttpClient.Response get(SafeHttpClient client, String url) throws Exception {
        return client.get(new URI(url), MAX, System.nanoTime() + 5_000_000_000L);
    }

    private static SafeHttpClient client(AddressPolicy policy, Resolver resolver) {
        return new SafeHttpClient(policy, resolver, () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        answer(exchange, 302, "text/plain", "moved");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Answers each lookup with the next address, then keeps the last. */
    private static final class ChangingResolver implements Resolver {
        final AtomicInteger calls = new AtomicInteger();
        private final Deque<String> answers;

        ChangingResolver(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public synchronized InetAddress[] resolve(String host) throws java.net.UnknownHostException {
            calls.incrementAndGet();
            String next = answers.size() > 1 ? answers.poll() : answers.peek();
            return new InetAddress[] {InetAddress.getByName(next)};
        }
    }
}
