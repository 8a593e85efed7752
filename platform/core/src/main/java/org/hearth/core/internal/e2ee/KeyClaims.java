package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
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
 * left out of the answer; users of other servers put their server in {@code failures}.
 */
@Component(service = KeyClaims.class)
public class KeyClaims {
    private final OneTimeKeyStore oneTimeKeys;
    private final LocalServer server;

    @Activate
    public KeyClaims(@Reference OneTimeKeyStore oneTimeKeys, @Reference LocalServer server) {
        this.oneTimeKeys = oneTimeKeys;
        this.server = server;
    }

    public ObjectNode claim(JsonNode body) throws MatrixException {
        ObjectNode asked = KeyJson.object(body.get("one_time_keys"), "one_time_keys");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode failures = out.putObject("failures");
        ObjectNode keys = out.putObject("one_time_keys");
        List<Claim> claims = new ArrayList<>();
        for (Map.Entry<String, JsonNode> byUser : asked.properties()) {
            UserId user = UserId.parse(byUser.getKey())
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + byUser.getKey()));
            ObjectNode devices = KeyJson.object(byUser.getValue(), "one_time_keys." + user);
            if (!server.isLocal(user)) {
                RemoteServers.unreachable(failures, user.server());
                continue;
            }
            for (Map.Entry<String, JsonNode> device : devices.properties()) {
                if (!device.getValue().isTextual()) {
                    throw MatrixException.badJson("one_time_keys." + user + "." + device.getKey() + " must be an algorithm");
                }
                claims.add(new Claim(user, device.getKey(), device.getValue().textValue()));
                Limits.count(claims.size(), Limits.CLAIMS, "keys claimed");
            }
        }
        if (!claims.isEmpty()) {
            for (ClaimedKey key : oneTimeKeys.claim(claims)) {
                keys.withObjectProperty(key.userId().toString()).withObjectProperty(key.deviceId())
                        .set(key.keyId(), Json.stored(key.keyJson()));
            }
        }
        return out;
    }
}
