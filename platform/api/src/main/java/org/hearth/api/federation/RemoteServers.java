package org.hearth.api.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.ServerName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Talking to other homeservers, for core: remote joins, invites, queries, fetching events and
 * state. Provided by the federation bundle; absent, this server federates with nobody. Requests are
 * signed with this server's key ({@code Authorization: X-Matrix}), sent over TLS to the address
 * discovery gives, and bounded in time and size.
 */
@ProviderType
public interface RemoteServers {
    /**
     * One request: {@code path} starts with {@code /_matrix/federation/} or {@code /_matrix/key/},
     * already percent-encoded; {@code query} values are encoded by this method; {@code body} null
     * for GET. Answers the JSON body of a 2xx.
     */
    JsonNode request(ServerName destination, String method, String path, Map<String, List<String>> query,
                     JsonNode body) throws RemoteException;

    /** Whether this server's federation policy (allow and deny lists) lets it talk to that server. */
    boolean federatesWith(ServerName server);

    /**
     * Queues an EDU for the destination (typing, receipts, presence, device list updates, to-device
     * messages, signing key updates); delivered in a later transaction, durably for the kinds that
     * must not be lost (to-device, device lists).
     */
    void sendEdu(ServerName destination, String eduType, JsonNode content);
}
