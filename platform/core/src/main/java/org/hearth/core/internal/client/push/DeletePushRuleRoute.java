package org.hearth.core.internal.client.push;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.push.PushRuleKind;
import org.hearth.core.internal.push.PushRules;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * DELETE /_matrix/client/v3/pushrules/global/{kind}/{ruleId}
 *
 * <ul>
 *   <li>Deletes one of the user's own rules; 404 for an unknown rule, 400 for a predefined one.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "DELETE", path = PushRulePath.BASE + "{scope}/{kind}/{ruleId}")
public class DeletePushRuleRoute implements Route {
    private final PushRules pushRules;

    @Activate
    public DeletePushRuleRoute(@Reference PushRules pushRules) {
        this.pushRules = pushRules;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        PushRulePath path = PushRulePath.of(request);
        if (path.scope().isEmpty()) {
            throw MatrixException.invalidParam("A push rule scope is required");
        }
        PushRuleKind kind = path.requiredKind();
        String ruleId = path.requiredRuleId();
        pushRules.change(me.userId(), rules -> rules.delete(kind, ruleId));
        return RouteResponse.ok(Map.of());
    }
}
