package org.hearth.core.internal.account;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.Clock;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OpenIdTokenStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * OpenID tokens (Client-Server API, "OpenID"): a user proves who they are to a third party,
 * which asks this server back ({@code GET /_matrix/federation/v1/openid/userinfo}, answered with
 * {@link #userOf}). Valid for an hour; only their hashes are stored.
 */
@Component(service = OpenIdTokens.class)
public class OpenIdTokens {
    public static final long LIFETIME_MS = 3_600_000;
    private final OpenIdTokenStore store;
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public OpenIdTokens(@Reference OpenIdTokenStore store) {
        this.store = store;
    }

    /** A new token for the user. */
    public String issue(UserId user) {
        String token = Tokens.random(32);
        store.add(Tokens.sha256(token), user, clock.millis() + LIFETIME_MS);
        return token;
    }

    /** The user a token was issued to, while it is valid. */
    public Optional<UserId> userOf(String token) {
        return store.userOf(Tokens.sha256(token), clock.millis());
    }

    /**
     * The answer of {@code /openid/userinfo} (Server-Server API, "OpenID"): {@code {"sub": user}},
     * or 401 {@code M_UNKNOWN_TOKEN} for a missing, unknown or expired token.
     */
    public ObjectNode userInfo(String token) throws MatrixException {
        UserId user = (token == null ? Optional.<UserId>empty() : userOf(token)).orElseThrow(() ->
                new MatrixException(401, "M_UNKNOWN_TOKEN", "Unknown or expired OpenID token"));
        return JsonNodeFactory.instance.objectNode().put("sub", user.toString());
    }
}
