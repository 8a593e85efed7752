package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.hearth.api.spi.storage.OneTimeKeyStore.Claim;
import org.hearth.api.spi.storage.OneTimeKeyStore.ClaimedKey;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /keys/claim} (Client-Server API): one key per device asked for — its oldest
 * one-time key of the algorithm, handed out once and deleted, else its fallback key, which stays
 * and is reported used in the device's next {@code /sync}. A device with neither (or unknown) is
 * left out of the answer. Keys of users of other servers are claimed from their servers, all at
 * once, within the client's {@code timeout}; a server that fails goes into {@code failures}.
 */
@Component(service = KeyClaims.class)
public class KeyClaims {
    private final OneTimeKeyStore oneTimeKeys;
    private final LocalServer server;
    private final RemoteCalls calls;

    @Activate
    public KeyClaims(@Reference OneTimeKeyStore oneTimeKeys, @Reference LocalServer server,
                     @Reference RemoteCalls calls) {
        this.oneTimeKeys = oneTimeKeys;
        this.server = server;
        this.calls = calls;
    }

    /** {@code POST /keys/claim} of a client: local keys here, remote ones from their servers. */
    public ObjectNode claim(JsonNode body) throws MatrixException {
        return claim(body, true);
    }

    /** {@code POST /_matrix/federation/v1/user/keys/claim}: the keys of local users only. */
    public ObjectNode federationClaim(JsonNode body) throws MatrixException {
        return claim(body, false);
    }

    private ObjectNode claim(JsonNode body, boolean remoteToo) throws MatrixException {
        ObjectNode asked = KeyJson.object(body.get("one_time_keys"), "one_time_keys");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode failures = out.putObject("failures");
        ObjectNode keys = out.putObject("one_time_keys");
        List<Claim> claims = new ArrayList<>();
        Map<ServerName, ObjectNode> remote = new LinkedHashMap<>();
        int count = 0;
        for (Map.Entry<String, JsonNode> byUser : asked.properties()) {
            UserId user = UserId.parse(byUser.getKey())
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + byUser.getKey()));
            ObjectNode devices = KeyJson.object(byUser.getValue(), "one_time_keys." + user);
            boolean local = server.isLocal(user);
            for (Map.Entry<String, JsonNode> device : devices.properties()) {
                if (!device.getValue().isTextual()) {
                    throw MatrixException.badJson("one_time_keys." + user + "." + device.getKey() + " must be an algorithm");
                }
                Limits.count(++count, Limits.CLAIMS, "keys claimed");
                if (local) {
                    claims.add(new Claim(user, device.getKey(), device.getValue().textValue()));
                }
            }
            if (!local && remoteToo) {
                remote.computeIfAbsent(user.server(), s -> JsonNodeFactory.instance.objectNode())
                        .set(user.toString(), devices);
            }
        }
        if (!claims.isEmpty()) {
            for (ClaimedKey key : oneTimeKeys.claim(claims)) {
                keys.withObjectProperty(key.userId().toString()).withObjectProperty(key.deviceId())
                        .set(key.keyId(), Json.stored(key.keyJson()));
            }
        }
        calls.each(remote.keySet(), RemoteCalls.timeout(body), (servers, server) -> {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            request.set("one_time_keys", remote.get(server));
            return servers.request(server, "POST", "/_matrix/federation/v1/user/keys/claim", null, request);
        }, failures).forEach((server, answer) -> answer.path("one_time_keys").properties().forEach(byUser -> {
            // Only the keys of the users asked of that server, as objects.
            if (remote.get(server).has(byUser.getKey()) && byUser.getValue().isObject()) {
                keys.set(byUser.getKey(), byUser.getValue());
            }
        }));
        return out;
    }
}
