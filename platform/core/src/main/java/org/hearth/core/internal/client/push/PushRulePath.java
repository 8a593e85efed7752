package org.hearth.core.internal.client.push;

import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.core.internal.push.PushRuleKind;

/**
 * The parts of a {@code /pushrules/{scope}/{kind}/{ruleId}/{attr}} path, as far as the matched
 * template has them; empty text where the path ends in a slash. The only scope is
 * {@code global}: any other is 400 {@code M_INVALID_PARAM}.
 */
record PushRulePath(String scope, Optional<String> kind, Optional<String> ruleId, Optional<String> attr) {
    static final String BASE = "/_matrix/client/v3/pushrules/";

    static PushRulePath of(RouteRequest request) throws MatrixException {
        PushRulePath path = new PushRulePath(request.pathParam("scope"), request.optionalPathParam("kind"),
                request.optionalPathParam("ruleId"), request.optionalPathParam("attr"));
        if (!path.scope.isEmpty() && !"global".equals(path.scope)) {
            throw MatrixException.invalidParam("Unknown push rule scope " + path.scope);
        }
        return path;
    }

    /** The kind: 400 when unknown or missing. */
    PushRuleKind requiredKind() throws MatrixException {
        return PushRuleKind.parse(kind.orElse(""));
    }

    /** The rule ID: 400 when missing or empty. */
    String requiredRuleId() throws MatrixException {
        if (ruleId.isEmpty() || ruleId.get().isEmpty()) {
            throw MatrixException.invalidParam("A push rule ID is required");
        }
        return ruleId.get();
    }

    /** 400 unless the attribute is {@code enabled} or {@code actions}. */
    String requiredAttr() throws MatrixException {
        String a = attr.orElse("");
        if (!"enabled".equals(a) && !"actions".equals(a)) {
            throw MatrixException.invalidParam("Unknown push rule attribute " + a);
        }
        return a;
    }
}
