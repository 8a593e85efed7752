package org.hearth.federation.internal.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.Clock;
import org.hearth.api.federation.ServerIdentity;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.json.Signatures;

/**
 * This server's key response ({@code GET /_matrix/key/v2/server}): its current key, signed by
 * it, valid for {@link #VALIDITY_MS} from now; other servers cache it until then (for room
 * versions 5 and later a key is not trusted past its {@code valid_until_ts}).
 */
public final class OwnKeys {
    static final long VALIDITY_MS = 24 * 3600_000L;

    private final ServerIdentity identity;
    private final Clock clock;

    public OwnKeys(ServerIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    public ObjectNode response() {
        ObjectNode response = Json.object();
        response.put("server_name", identity.name().value());
        response.putObject("verify_keys").putObject(identity.keyId())
                .put("key", Signatures.unpaddedBase64(identity.publicKey()));
        response.putObject("old_verify_keys");
        response.put("valid_until_ts", clock.millis() + VALIDITY_MS);
        return identity.sign(response);
    }
}
