package org.hearth.core.internal.client.rooms;

import java.util.ArrayList;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.ServerName;

/**
 * The servers a client names to join or knock through a room this server is not in: the
 * {@code via} query parameters and the deprecated {@code server_name} ones, at most
 * {@value #MAX_VIA} of them.
 */
final class ViaServers {
    static final int MAX_VIA = 10;

    private ViaServers() {
    }

    /** 400 {@code M_INVALID_PARAM} for a name that is not a server name. */
    static List<ServerName> of(RouteRequest request) throws MatrixException {
        List<ServerName> via = new ArrayList<>();
        for (String name : request.queryParams("server_name")) {
            add(via, name);
        }
        for (String name : request.queryParams("via")) {
            add(via, name);
        }
        return via;
    }

    private static void add(List<ServerName> via, String name) throws MatrixException {
        if (!ServerName.isValid(name)) {
            throw MatrixException.invalidParam("Not a server name: " + name);
        }
        if (via.size() < MAX_VIA) {
            via.add(new ServerName(name));
        }
    }
}
