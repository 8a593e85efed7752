package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearth.core.internal.util.Json;

/**
 * POSTs notifications to push gateways (Push Gateway API, {@code POST /_matrix/push/v1/notify}).
 * Unless allowed, a gateway whose host resolves to a loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast or unspecified address is refused before connecting, so that a
 * user cannot make the server reach inside its own network.
 */
final class PushGateway {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final boolean allowPrivate;

    PushGateway(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** A delivery that failed and may succeed later (network, 5xx, 429). */
    static final class Unavailable extends IOException {
        Unavailable(String message) {
            super(message);
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
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
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
        Json.stored(response.body().isEmpty() ? "{}" : response.body()).path("rejected")
                .forEach(k -> rejected.add(k.asText()));
        return rejected;
    }

    private void checkAddress(URI url) throws IOException {
        if (allowPrivate) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (IOException e) {
            throw new Unavailable("cannot resolve " + url.getHost());
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new IOException("push gateway " + url.getHost() + " is at a non-public address");
            }
        }
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mappedOrCompatible = true; // ::/80 holds the IPv4-mapped and IPv4-compatible ranges
            for (int i = 0; i < 10; i++) {
                mappedOrCompatible &= b[i] == 0;
            }
            return !uniqueLocal && !mappedOrCompatible;
        }
        boolean carrierNat = (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean thisNetwork = b[0] == 0;
        return !carrierNat && !thisNetwork;
    }
}
