package org.hearth.core.internal.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.federation.ServerIdentity;
import org.hearth.api.id.ServerName;
import org.hearth.core.internal.event.JsonSigner;
import org.hearth.core.internal.event.SigningKey;
import org.hearth.core.internal.event.UnpaddedBase64;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This server's name and signing key for the federation bundle: it publishes the key and signs
 * its requests with it, while the key itself stays in core ({@link ServerSigningKey}).
 */
@Component(service = ServerIdentity.class)
public class ServerIdentityService implements ServerIdentity {
    private final ServerName name;
    private final SigningKey key;

    @Activate
    public ServerIdentityService(@Reference LocalServer server, @Reference ServerSigningKey signingKey) {
        this.name = server.name();
        this.key = signingKey.key();
    }

    @Override
    public ServerName name() {
        return name;
    }

    @Override
    public String keyId() {
        return key.keyId();
    }

    @Override
    public byte[] publicKey() {
        return UnpaddedBase64.decode(key.verifyKey().publicKeyBase64());
    }

    @Override
    public ObjectNode sign(ObjectNode object) {
        ObjectNode signed = JsonSigner.sign(object, name.value(), key);
        object.set("signatures", signed.get("signatures"));
        return object;
    }
}
