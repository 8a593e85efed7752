package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.rooms.GuestAccess;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.Suspension;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/join/{roomIdOrAlias}: joins a room by ID or alias (rooms of this
 * server or, over federation, of others). {@link RoomJoinRoute} is the same by room ID. A guest joins only
 * a room open to guests ({@link GuestAccess}). With {@code third_party_signed} the user first gets
 * the invite of a pending third-party invite ({@link ThirdPartyInvites#exchange}).
 */
@Component(service = Route.class)
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/join/{roomIdOrAlias}", access = Access.GUEST, rateLimit = RateLimiter.JOIN)
public class JoinRoute implements Route {

    private final Memberships memberships;
    private final GuestAccess guests;
    private final ThirdPartyInvites thirdParty;
    private final String parameter;

    @Activate
    public JoinRoute(@Reference Memberships memberships, @Reference GuestAccess guests,
                     @Reference ThirdPartyInvites thirdParty) {
        this(memberships, guests, thirdParty, "roomIdOrAlias");
    }

    JoinRoute(Memberships memberships, GuestAccess guests, ThirdPartyInvites thirdParty, String parameter) {
        this.memberships = memberships;
        this.guests = guests;
        this.thirdParty = thirdParty;
        this.parameter = parameter;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "join rooms");
        // A guest joins only a room open to guests. This server holds no state of a room it is not
        // in (a guest invited to another server's room): the state comes with the join
        // (send_join), so the check is made on it, and a guest the room turns out to close to
        // guests leaves again (guests are a local notion: the room's servers cannot check).
        boolean guestCheckAfterJoin = false;
        if (me.guest()) {
            String roomId = memberships.resolve(request.pathParam(parameter));
            if (memberships.inRoom(roomId)) {
                guests.requireGuestsMayJoin(roomId);
            } else {
                guestCheckAfterJoin = true;
            }
        }
        JsonNode body = Bodies.objectOrEmpty(request);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> extra.put(field.getKey(), field.getValue()));
        List<ServerName> via = ViaServers.of(request);
        JsonNode signed = body.get("third_party_signed");
        if (signed != null) {
            // "third_party_signed": the identity server's word first becomes the invite the join needs
            if (!signed.isObject()) {
                throw MatrixException.badJson("third_party_signed must be an object");
            }
            UserId sender = UserId.parse(signed.path("sender").asText())
                    .orElseThrow(() -> MatrixException.badJson("third_party_signed.sender must be a user ID"));
            thirdParty.exchange(sender, me.userId(), memberships.resolve(request.pathParam(parameter)), signed);
        }
        String roomId = memberships.join(me.userId(), request.pathParam(parameter), Bodies.string(body, "reason"), via,
                extra);
        if (guestCheckAfterJoin && !guests.guestsMayJoin(roomId)) {
            memberships.change(me.userId(), roomId, "leave", null);
            throw GuestAccess.forbidden();
        }
        return RouteResponse.ok(Map.of("room_id", roomId));
    }
}
