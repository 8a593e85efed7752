package org.hearth.core.internal.client.rooms;

import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.ServerName;

/** The {@code server} query parameter of {@code /publicRooms}: another server's directory, or this one's. */
final class RemoteDirectoryParam {
    private RemoteDirectoryParam() {
    }

    static Optional<ServerName> other(RouteRequest request, ServerName self) throws MatrixException {
        Optional<String> asked = request.queryParam("server");
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        if (!ServerName.isValid(asked.get())) {
            throw MatrixException.invalidParam("server is not a server name");
        }
        ServerName server = new ServerName(asked.get());
        return server.equals(self) ? Optional.empty() : Optional.of(server);
    }
}
