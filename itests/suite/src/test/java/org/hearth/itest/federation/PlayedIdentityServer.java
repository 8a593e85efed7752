package org.hearth.itest.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Ed25519Keys;

/**
 * An identity server the test plays (Identity Service API v2, the parts a homeserver calls):
 * {@code hash_details} and {@code lookup} (sha256 with a pepper), {@code store-invite} and
 * {@code pubkey/isvalid}, over https with a certificate of the test CA, every v2 call checked
 * for its Bearer token. It signs the invites it hands to {@code /3pid/onbind} with its own
 * Ed25519 key, as Sydent does; a third party's role, so played here rather than taken from the
 * server under test.
 */
final class PlayedIdentityServer implements AutoCloseable {
    static final String ACCESS_TOKEN = "id-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PEPPER = "pepper";

    private final HttpsServer server;
    private final Map<String, String> bindings = new ConcurrentHashMap<>();
    private final List<ObjectNode> invites = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextToken = new AtomicInteger();
    private volatile Ed25519Keys key = new Ed25519Keys();
    private final List<String> revoked = new CopyOnWriteArrayList<>();

    /** @param certificate {certificate, key} PEM files for {@code localhost} */
    PlayedIdentityServer(Path[] certificate) {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(PlayedServer.serverContext(certificate[0], certificate[1])));
            server.createContext("/", this::handle);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code id_server} clients name: host and port. */
    String name() {
        return "localhost:" + server.getAddress().getPort();
    }

    /** The paths requested so far, in order. */
    List<String> paths() {
        return paths;
    }

    /** Binds the identifier to the Matrix ID, for lookups. */
    void bind(String medium, String address, String mxid) {
        bindings.put(hash(medium, address), mxid);
    }

    /** Its current key stops being valid ({@code isvalid} says false); later invites get a new one. */
    void revokeKey() {
        revoked.add(key.publicKey());
        key = new Ed25519Keys();
    }

    /**
     * The body of {@code /3pid/onbind} for the identifier now bound to {@code mxid}: its pending
     * invites, each with a {@code signed} block signed by {@code signer} (the server's key, or
     * another one to forge).
     */
    ObjectNode onbindBody(String medium, String address, String mxid, Ed25519Keys signer) {
        ObjectNode body = JSON.createObjectNode().put("medium", medium).put("address", address).put("mxid", mxid);
        ArrayNode list = body.putArray("invites");
        for (ObjectNode invite : invites) {
            if (medium.equals(invite.path("medium").asText()) && address.equals(invite.path("address").asText())) {
                ObjectNode copy = invite.deepCopy().put("mxid", mxid);
                ObjectNode signed = JSON.createObjectNode().put("mxid", mxid).put("token", invite.path("token").asText());
                copy.set("signed", signer.sign(signed, name(), "ed25519:0"));
                list.add(copy);
            }
        }
        return body;
    }

    Ed25519Keys key() {
        return key;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        paths.add(path);
        JsonNode answer;
        int status = 200;
        if (path.equals("/_matrix/identity/v2/pubkey/isvalid")) {
            String query = exchange.getRequestURI().getRawQuery();
            String publicKey = URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8);
            answer = JSON.createObjectNode().put("valid", publicKey.equals(key.publicKey()) && !revoked.contains(publicKey));
        } else if (!("Bearer " + ACCESS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
            answer = JSON.createObjectNode().put("errcode", "M_UNAUTHORIZED").put("error", "token");
        } else if (path.equals("/_matrix/identity/v2/hash_details")) {
            ObjectNode details = JSON.createObjectNode().put("lookup_pepper", PEPPER);
            details.putArray("algorithms").add("sha256");
            answer = details;
        } else if (path.equals("/_matrix/identity/v2/lookup")) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            ObjectNode mappings = JSON.createObjectNode();
            if ("sha256".equals(body.path("algorithm").asText()) && PEPPER.equals(body.path("pepper").asText())) {
                for (JsonNode hash : body.path("addresses")) {
                    String mxid = bindings.get(hash.asText());
                    if (mxid != null) {
                        mappings.put(hash.asText(), mxid);
                    }
                }
            }
            answer = JSON.createObjectNode().set("mappings", mappings);
        } else if (path.equals("/_matrix/identity/v2/store-invite")) {
            ObjectNode invite = (ObjectNode) JSON.readTree(exchange.getRequestBody());
            String token = "tok" + nextToken.incrementAndGet();
            invite.put("token", token);
            invites.add(invite);
            ObjectNode stored = JSON.createObjectNode().put("token", token).put("display_name", "b...@example.org");
            stored.putArray("public_keys").addObject().put("public_key", key.publicKey())
                    .put("key_validity_url", "https://" + name() + "/_matrix/identity/v2/pubkey/isvalid");
            answer = stored;
        } else {
            status = 404;
            answer = JSON.createObjectNode().put("errcode", "M_UNRECOGNIZED").put("error", path);
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The lookup hash of "Association lookup": unpadded URL-safe Base64 of SHA-256("address medium pepper"). */
    private static String hash(String medium, String address) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest((address + " " + medium + " " + PEPPER).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
