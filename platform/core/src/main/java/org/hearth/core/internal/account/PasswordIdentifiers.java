package org.hearth.core.internal.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Which local user a login names: the {@code identifier} object ({@code m.id.user} with a
 * localpart or a full user ID), or the deprecated top-level {@code user} field (Client-Server
 * API, "Identifier types").
 */
@Component(service = PasswordIdentifiers.class)
public class PasswordIdentifiers {
    private final LocalServer server;

    @Activate
    public PasswordIdentifiers(@Reference LocalServer server) {
        this.server = server;
    }

    public UserId userOf(JsonNode body) throws MatrixException {
        JsonNode identifier = body.path("identifier");
        String user;
        if (identifier.isObject()) {
            String type = identifier.path("type").asText("");
            if (!"m.id.user".equals(type)) {
                throw new MatrixException(400, "M_UNKNOWN", "Identifier type " + type + " is not supported");
            }
            user = identifier.path("user").asText(null);
        } else {
            user = body.path("user").asText(null);
        }
        if (user == null || user.isEmpty()) {
            throw MatrixException.missingParam("identifier.user is required");
        }
        // New accounts are lower-case only; people type their names in any case.
        String localpart = user.toLowerCase(Locale.ROOT);
        if (user.startsWith("@")) {
            UserId id = UserId.parse(user).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID"));
            if (!server.isLocal(id)) {
                throw MatrixException.forbidden("Invalid username or password");
            }
            localpart = id.localpart().toLowerCase(Locale.ROOT);
        }
        return server.user(localpart).orElseThrow(() -> MatrixException.forbidden("Invalid username or password"));
    }
}
