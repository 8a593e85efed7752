package org.hearth.core.internal.client.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.RoomAlias;

/** The {@code {roomAlias}} path parameter, validated: 400 {@code M_INVALID_PARAM} when it is no room alias. */
final class AliasParam {
    private AliasParam() {
    }

    static RoomAlias of(RouteRequest request) throws MatrixException {
        String text = request.pathParam("roomAlias");
        return RoomAlias.parse(text).orElseThrow(() -> MatrixException.invalidParam("Invalid room alias " + text));
    }
}
