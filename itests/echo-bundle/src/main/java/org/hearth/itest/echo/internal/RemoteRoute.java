package org.hearth.itest.echo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * POST /_hearth/test/remote/{action}: what a bundle (core, in production) does with
 * {@link RemoteServers}, for tests of the federation bundle:
 * <ul>
 *   <li>{@code edu}: {@code {destination, edu_type, content}} → {@code sendEdu};</li>
 *   <li>{@code request}: {@code {destination, method, path, body?}} → {@code request}, answering
 *       {@code {"response": …}} or {@code {"kind", "status", "errcode"}} of the RemoteException.</li>
 * </ul>
 * 503 while no federation bundle provides the service.
 */
@Component
@MatrixRoute(method = "POST", path = "/_hearth/test/remote/{action}", access = Access.NONE)
public class RemoteRoute implements Route {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RemoteServers remote;

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        RemoteServers servers = remote;
        if (servers == null) {
            throw new MatrixException(503, "M_UNKNOWN", "no RemoteServers service");
        }
        JsonNode body = request.json();
        String name = body.path("destination").asText();
        if (!ServerName.isValid(name)) {
            throw MatrixException.invalidParam("destination must be a server name");
        }
        ServerName destination = new ServerName(name);
        switch (request.pathParam("action")) {
            case "edu" -> {
                servers.sendEdu(destination, body.path("edu_type").asText(), body.path("content"));
                return RouteResponse.ok(Map.of());
            }
            case "request" -> {
                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                try {
                    answer.set("response", servers.request(destination, body.path("method").asText(),
                            body.path("path").asText(), Map.of(), body.has("body") ? body.get("body") : null));
                } catch (RemoteException e) {
                    answer.put("kind", e.kind().name()).put("status", e.status()).put("errcode", e.errcode().orElse(null));
                }
                return RouteResponse.ok(answer);
            }
            default -> throw MatrixException.notFound("no such action");
        }
    }
}
