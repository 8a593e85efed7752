package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hearth.api.config.ConfigException;
import org.hearth.core.internal.util.Json;

/**
 * POSTs notifications to push gateways (Push Gateway API, {@code POST /_matrix/push/v1/notify}).
 * Unless allowed, a gateway whose host resolves to a loopback, private, link-local, unique-local,
 * carrier-grade NAT, multicast or unspecified address is refused before connecting, so that a
 * user cannot make the server reach inside its own network.
 */
final class PushGateway {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client;
    private final boolean allowPrivate;

    /** @param caFile a PEM file of the only CAs to trust, or null for the JDK's */
    PushGateway(boolean allowPrivate, Path caFile) {
        this.allowPrivate = allowPrivate;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (caFile != null) {
            builder.sslContext(trustOnly(caFile));
        }
        this.client = builder.build();
    }

    private static SSLContext trustOnly(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + store.size(), ca);
            }
            if (store.size() == 0) {
                throw new ConfigException("push.ca_file: " + caFile + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("push.ca_file: cannot read PEM certificates from " + caFile + ": " + e.getMessage());
        }
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
