package org.hearth.core.internal.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hearth.api.MatrixException;
import org.hearth.api.http.ClientJson;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.net.PemTrust;
import org.hearth.core.internal.util.BoundedBody;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.PublicHosts;
import org.hearth.core.internal.util.Sha256;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * This server as a client of identity servers (Identity Service API v2), for third-party invites:
 * the hashed lookup of a third-party identifier, storing an invite, and whether a public key is
 * still valid. The identity server is the one the client names ({@code id_server}), reached over
 * https with the client's {@code id_access_token}; one at a loopback or private address is refused
 * unless {@code identity.allow_private_addresses}. Every exchange is bounded: 10 s and 64 KiB.
 */
@Component(service = IdentityServers.class, configurationPid = "hearth.identity",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = IdentityConfig.class)
public class IdentityServers {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY = 64 * 1024;
    private static final String V2 = "/_matrix/identity/v2/";

    private final boolean allowPrivate;
    private final Path caFile;
    /** Built at the first third-party invite: most servers never ask an identity server (and an HttpClient costs start-up time). */
    private HttpClient client;

    @Activate
    public IdentityServers(IdentityConfig config) {
        String file = config.ca__file();
        this.allowPrivate = config.allow__private__addresses();
        this.caFile = file == null || file.isBlank() ? null : Path.of(file);
        if (caFile != null) {
            PemTrust.only(caFile, "identity.ca_file"); // an unreadable file stops the start, naming the key
        }
    }

    /** The JDK's CAs and those of {@code identity.ca_file}, host names checked as usual. */
    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(PemTrust.context(PemTrust.withSystem(caFile, "identity.ca_file"))).build();
        }
        return client;
    }

    /** A public key of an identity server, as {@code store-invite} answers it and the invite event carries it. */
    public record PublicKey(String publicKey, String keyValidityUrl) {
    }

    /** What {@code store-invite} answered: the token, the display name to show and the keys that will sign. */
    public record StoredInvite(String token, String displayName, List<PublicKey> publicKeys) {
    }

    /**
     * The Matrix ID bound to the third-party identifier ("Association lookup", hashed with
     * {@code sha256} when the server offers it, else in the clear with {@code none}).
     */
    public Optional<UserId> lookup(String idServer, String accessToken, String medium, String address)
            throws MatrixException {
        URI base = base(idServer);
        JsonNode details = call(HttpRequest.newBuilder(base.resolve(V2 + "hash_details")).GET(), accessToken);
        String pepper = details.path("lookup_pepper").asText("");
        List<String> algorithms = new ArrayList<>();
        details.path("algorithms").forEach(a -> algorithms.add(a.asText()));
        String algorithm;
        String query;
        if (algorithms.contains("sha256")) {
            algorithm = "sha256";
            query = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Sha256.digest(address + " " + medium + " " + pepper));
        } else if (algorithms.contains("none")) {
            algorithm = "none";
            query = address + " " + medium;
        } else {
            throw unavailable(idServer, "offers no lookup algorithm this server knows");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("algorithm", algorithm).put("pepper", pepper);
        body.putArray("addresses").add(query);
        JsonNode mxid = call(post(base.resolve(V2 + "lookup"), body), accessToken).path("mappings").path(query);
        if (!mxid.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(UserId.parse(mxid.asText())
                .orElseThrow(() -> unavailable(idServer, "answered an invalid user ID")));
    }

    /**
     * Stores an invite for a third-party identifier not bound yet ("Invitation storage"); the
     * request holds {@code medium}, {@code address}, {@code room_id}, {@code sender} and what the
     * identity server may show in its invitation.
     */
    public StoredInvite storeInvite(String idServer, String accessToken, ObjectNode request) throws MatrixException {
        JsonNode answer = call(post(base(idServer).resolve(V2 + "store-invite"), request), accessToken);
        String token = answer.path("token").textValue();
        if (token == null || token.isEmpty()) {
            throw unavailable(idServer, "answered store-invite without a token");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (JsonNode key : answer.path("public_keys")) {
            if (key.path("public_key").isTextual() && key.path("key_validity_url").isTextual()) {
                keys.add(new PublicKey(key.get("public_key").asText(), key.get("key_validity_url").asText()));
            }
        }
        if (keys.isEmpty()) {
            throw unavailable(idServer, "answered store-invite without public keys");
        }
        return new StoredInvite(token, answer.path("display_name").asText(""), keys);
    }

    /**
     * Whether the identity server still vouches for the key ({@code GET key_validity_url?public_key=…},
     * "Key management"): false when it says not, and when it cannot be asked (unreachable, refused
     * address, not https): a revoked key must not pass for a valid one.
     */
    public boolean keyValid(String keyValidityUrl, String publicKey) {
        try {
            URI url = new URI(keyValidityUrl);
            if (!"https".equals(url.getScheme()) || url.getHost() == null || url.getRawQuery() != null) {
                return false;
            }
            URI query = new URI(keyValidityUrl + "?public_key=" + URLEncoder.encode(publicKey, StandardCharsets.UTF_8));
            checkAddress(url.getHost(), url.getHost());
            return exchange(HttpRequest.newBuilder(query).GET(), null, url.getHost()).path("valid").asBoolean(false);
        } catch (URISyntaxException | MatrixException e) {
            return false;
        }
    }

    private URI base(String idServer) throws MatrixException {
        if (idServer == null || !ServerName.isValid(idServer)) {
            throw MatrixException.invalidParam("id_server must be a host name with an optional port");
        }
        URI base = URI.create("https://" + idServer);
        checkAddress(base.getHost(), idServer);
        return base;
    }

    private void checkAddress(String host, String idServer) throws MatrixException {
        if (allowPrivate) {
            return;
        }
        try {
            if (PublicHosts.isPublic(host)) {
                return;
            }
        } catch (IOException e) {
            throw unavailable(idServer, "cannot be resolved");
        }
        throw new MatrixException(400, "M_SERVER_NOT_TRUSTED", "Identity server " + idServer
                + " is at a non-public address");
    }

    private static HttpRequest.Builder post(URI url, JsonNode body) {
        return HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }

    private JsonNode call(HttpRequest.Builder request, String accessToken) throws MatrixException {
        return exchange(request, accessToken, request.build().uri().getAuthority());
    }

    /** One request: the JSON object of a 200, else 502 naming the identity server. */
    private JsonNode exchange(HttpRequest.Builder request, String accessToken, String idServer) throws MatrixException {
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        HttpResponse<byte[]> response;
        try {
            response = client().sendAsync(request.timeout(TIMEOUT).build(), BoundedBody.upTo(MAX_BODY))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(idServer, "was not reached: interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(idServer, "was not reached: " + (e.getCause() == null ? e : e.getCause()));
        }
        if (response.statusCode() != 200) {
            throw unavailable(idServer, "answered " + response.statusCode());
        }
        try {
            JsonNode body = ClientJson.parse(response.body());
            if (!body.isObject()) {
                throw unavailable(idServer, "answered JSON that is not an object");
            }
            return body;
        } catch (MatrixException e) {
            throw unavailable(idServer, "answered no valid JSON");
        }
    }

    private static MatrixException unavailable(String idServer, String problem) {
        return new MatrixException(502, "M_UNKNOWN", "Identity server " + idServer + " " + problem);
    }
}
