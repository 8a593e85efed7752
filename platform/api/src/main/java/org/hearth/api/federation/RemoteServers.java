package org.hearth.api.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.MediaContent;
import org.hearth.api.media.ThumbnailSpec;
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

    /**
     * Media of another server, or a thumbnail of it made by that server (Server-Server API,
     * "Content Repository": {@code GET /_matrix/federation/v1/media/download/{mediaId}} or
     * {@code /thumbnail/{mediaId}}, a signed request answered {@code multipart/mixed}). The
     * answer is at most {@code maxBytes} bytes, else a {@link RemoteException.Kind#BAD_RESPONSE}.
     * A server without these endpoints (before v1.11) is asked on the deprecated
     * {@code /_matrix/media/v3} ones.
     * Whoever receives the content closes its bytes.
     */
    MediaContent media(ServerName server, String mediaId, Optional<ThumbnailSpec> thumbnail, long maxBytes)
            throws RemoteException;
}
