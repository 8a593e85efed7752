package org.hearth.itest.echo.internal;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/** POST /_hearth/test/echo/{word}: binds the body to {@link Message} and echoes it with the word. */
@Component
@MatrixRoute(method = "POST", path = "/_hearth/test/echo/{word}", access = Access.NONE)
public class EchoRoute implements Route {

    /** The body this route expects: {"text": "…", "count": 3}. */
    public record Message(String text, int count) {
        public Message {
            if (text == null) {
                throw new IllegalArgumentException("text is required");
            }
        }
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Message message = request.json(Message.class);
        return RouteResponse.ok(Map.of("text", message.text(), "count", message.count(),
                "word", request.pathParam("word")));
    }
}
