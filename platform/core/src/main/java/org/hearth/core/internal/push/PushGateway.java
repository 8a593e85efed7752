package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.net.PemTrust;
import org.hearth.core.internal.util.BoundedBody;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.PublicHosts;

/**
 * POSTs notifications to push gateways (Push Gateway API, {@code POST /_matrix/push/v1/notify}).
 * Unless allowed, a gateway whose host resolves to a loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast or unspecified address is refused before connecting, so that a
 * user cannot make the server reach inside its own network.
 */
final class PushGateway {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A gateway's answer is a short JSON object ({@code rejected} push keys); a user names the gateway. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private final boolean allowPrivate;
    private final HttpClient.Builder builder;
    /** Built at the first delivery: building one at start-up cost 60 ms of the main thread, for servers that may never push. */
    private HttpClient client;

    /** @param caFile a PEM file of the only CAs to trust, or null for the JDK's */
    PushGateway(boolean allowPrivate, Path caFile) {
        this.allowPrivate = allowPrivate;
        builder = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (caFile != null) {
            builder.sslContext(PemTrust.context(PemTrust.only(caFile, "push.ca_file")));
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = builder.build();
        }
        return client;
    }

    /** A delivery that failed and may succeed later (network, 5xx, 429). */
    static final class Unavailable extends IOException {
        private final boolean timedOut;

        Unavailable(String message) {
            this(message, false);
        }

        Unavailable(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }

        /** The gateway did not connect or answer within the timeout: trying again at once would only wait again. */
        boolean timedOut() {
            return timedOut;
        }
    }

    /**
     * Delivers one notification.
     *
     * @return the push keys the gateway rejected
     * @throws Unavailable when worth trying again
     * @throws IOException when it never will be (refused address, 4xx)
     */
    List<String> notify(URI url, JsonNode body) throws IOException {
        checkAddress(url);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = client().send(request, BoundedBody.upTo(MAX_RESPONSE_BYTES));
        } catch (HttpTimeoutException e) {
            throw new Unavailable(e.toString(), true);
        } catch (IOException e) {
            throw new Unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new Unavailable("push gateway answered " + status);
        }
        if (status != 200) {
            throw new IOException("push gateway answered " + status);
        }
        List<String> rejected = new ArrayList<>();
        String answer = new String(response.body(), StandardCharsets.UTF_8);
        Json.stored(answer.isEmpty() ? "{}" : answer).path("rejected")
                .forEach(k -> rejected.add(k.asText()));
        return rejected;
    }

    private void checkAddress(URI url) throws IOException {
        if (allowPrivate) {
            return;
        }
        boolean isPublic;
        try {
            isPublic = PublicHosts.isPublic(url.getHost());
        } catch (IOException e) {
            throw new Unavailable("cannot resolve " + url.getHost());
        }
        if (!isPublic) {
            throw new IOException("push gateway " + url.getHost() + " is at a non-public address");
        }
    }
}
