package org.hearth.federation.internal.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.client.FederationClient;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.json.Signatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's trusted notaries ({@code federation.trusted_key_servers}), asked for a server's
 * keys when the server does not give them itself: it is down or unreachable from here, or no
 * longer publishes the old key an event was signed with (Server-Server API, "Querying keys
 * through another server"). A notary's answer counts only when the notary signed it (with one of
 * the keys the operator pinned for it, or else with its own key fetched from it directly) and the
 * server itself signed it too ({@link KeyFetcher#accept}): a notary can withhold keys, not forge them.
 */
public final class NotaryKeys {
    private static final Logger LOG = LoggerFactory.getLogger(NotaryKeys.class);
    /** Answers looked at per notary: one per distinct response of the server. */
    private static final int MAX_RESPONSES = 20;
    /** Signatures of the notary looked at per response (each may cost a fetch of the notary's key). */
    private static final int MAX_SIGNATURES = 5;

    /** A notary's own key for a key ID, fetched from the notary directly (never through another notary). */
    @FunctionalInterface
    public interface DirectKeys {
        Optional<byte[]> publicKey(ServerName server, String keyId, long validAt);
    }

    private final Map<ServerName, Map<String, byte[]>> notaries;
    private final FederationClient client;
    private final KeyFetcher fetcher;

    /**
     * @param notaries notary → its pinned keys (key ID → public key); no pinned key: its own key, fetched from it
     */
    public NotaryKeys(Map<ServerName, Map<String, byte[]>> notaries, FederationClient client, KeyFetcher fetcher) {
        this.notaries = Map.copyOf(notaries);
        this.client = client;
        this.fetcher = fetcher;
    }

    /** Asks the notaries in turn until one gives a valid response of the server's; whether one did. */
    public boolean fetch(ServerName server, long validAt, long now, DirectKeys direct) {
        for (Map.Entry<ServerName, Map<String, byte[]>> notary : notaries.entrySet()) {
            if (notary.getKey().equals(server) || !client.federatesWith(notary.getKey())) {
                continue;
            }
            ObjectNode query = Json.object();
            query.putObject("server_keys").putObject(server.value());
            JsonNode answer;
            try {
                answer = client.request(notary.getKey(), "POST", "/_matrix/key/v2/query", Map.of(), query);
            } catch (RemoteException e) {
                LOG.info("Notary {} gave no keys of {}: {}", notary.getKey(), server, e.getMessage());
                continue;
            }
            boolean accepted = false;
            int looked = 0;
            for (JsonNode response : answer.path("server_keys")) {
                if (looked++ == MAX_RESPONSES) {
                    break;
                }
                if (response.isObject() && signedByNotary((ObjectNode) response, notary.getKey(), notary.getValue(),
                        direct, now) && fetcher.accept(server, response, now)) {
                    accepted = true;
                }
            }
            if (accepted) {
                return true;
            }
        }
        return false;
    }

    /** Whether the notary signed the response: with a pinned key when the operator pinned any, else with its own. */
    static boolean signedByNotary(ObjectNode response, ServerName notary, Map<String, byte[]> pinned,
                                  DirectKeys direct, long now) {
        JsonNode signatures = response.path("signatures").path(notary.value());
        int looked = 0;
        for (Iterator<String> ids = signatures.fieldNames(); ids.hasNext() && looked++ < MAX_SIGNATURES; ) {
            String keyId = ids.next();
            Optional<byte[]> key = pinned.isEmpty() ? direct.publicKey(notary, keyId, now)
                    : Optional.ofNullable(pinned.get(keyId));
            try {
                if (key.isPresent() && Signatures.verify(response, notary.value(), keyId, key.get())) {
                    return true;
                }
            } catch (IllegalArgumentException notCanonical) {
                return false;
            }
        }
        return false;
    }

}
