package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomSpec;
import org.hearth.core.internal.rooms.RoomCreator;
import org.hearth.core.internal.rooms.Suspension;
import org.hearth.core.internal.rooms.ThirdPartyInvites;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/createRoom: creates a room (presets, initial_state, invite, name, topic,
 * room_alias_name, power_level_content_override, creation_content, room_version, is_direct).
 * The body becomes a {@link RoomSpec}, the same description bundles create rooms from; the
 * third-party invites of {@code invite_3pid} follow once the room exists.
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/createRoom", rateLimit = RateLimiter.ROOM_CREATION)
public class CreateRoomRoute implements Route {
    private static final int MAX_THIRD_PARTY_INVITES = 20;
    private final RoomCreator creator;
    private final ThirdPartyInvites thirdParty;

    @Activate
    public CreateRoomRoute(@Reference RoomCreator creator, @Reference ThirdPartyInvites thirdParty) {
        this.creator = creator;
        this.thirdParty = thirdParty;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        Suspension.refuse(me, "create rooms");
        JsonNode body = Bodies.objectOrEmpty(request);
        RoomSpec spec = spec(body);
        List<ThirdPartyInvites.Invitee> thirdPartyInvitees = thirdPartyInvitees(body);
        RoomId roomId = creator.create(me.userId(), spec);
        for (ThirdPartyInvites.Invitee invitee : thirdPartyInvitees) {
            thirdParty.invite(me.userId(), roomId.value(), invitee);
        }
        return RouteResponse.ok(Map.of("room_id", roomId.value()));
    }

    private static List<ThirdPartyInvites.Invitee> thirdPartyInvitees(JsonNode body) throws MatrixException {
        JsonNode list = body.path("invite_3pid");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray() || list.size() > MAX_THIRD_PARTY_INVITES) {
            throw MatrixException.badJson("invite_3pid must be a list of at most " + MAX_THIRD_PARTY_INVITES + " invites");
        }
        List<ThirdPartyInvites.Invitee> invitees = new ArrayList<>();
        for (JsonNode invite : list) {
            invitees.add(ThirdPartyInvites.Invitee.of(invite));
        }
        return invitees;
    }

    static RoomSpec spec(JsonNode body) throws MatrixException {
        boolean published = "public".equals(Bodies.string(body, "visibility"));
        String presetName = Bodies.string(body, "preset");
        RoomSpec.Preset preset = published ? RoomSpec.Preset.PUBLIC_CHAT : RoomSpec.Preset.PRIVATE_CHAT;
        if (presetName != null) {
            preset = null;
            for (RoomSpec.Preset p : RoomSpec.Preset.values()) {
                if (p.value().equals(presetName)) {
                    preset = p;
                }
            }
            if (preset == null) {
                throw MatrixException.badJson("Unknown preset " + presetName);
            }
        }
        List<UserId> invitees = new ArrayList<>();
        for (String invite : body.has("invite") ? Bodies.strings(body, "invite") : List.<String>of()) {
            invitees.add(UserId.parse(invite).orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + invite)));
        }
        List<RoomSpec.InitialState> initialState = new ArrayList<>();
        for (JsonNode state : body.path("initial_state")) {
            String type = state.path("type").asText(null);
            if (type == null || !state.path("content").isObject()) {
                throw MatrixException.badJson("initial_state entries need a type and a content object");
            }
            initialState.add(new RoomSpec.InitialState(type, state.path("state_key").asText(""), state.get("content")));
        }
        return RoomSpec.preset(preset)
                .withPublished(published)
                .withName(Bodies.string(body, "name"))
                .withTopic(Bodies.string(body, "topic"))
                .withAliasLocalpart(Bodies.string(body, "room_alias_name"))
                .withInvite(invitees)
                .withDirect(Bodies.bool(body, "is_direct", false))
                .withRoomVersion(Bodies.string(body, "room_version"))
                .withCreationContent(body.path("creation_content").isObject() ? body.get("creation_content") : null)
                .withPowerLevelOverride(body.path("power_level_content_override").isObject()
                        ? body.get("power_level_content_override") : null)
                .withInitialState(initialState);
    }
}
