package org.hearth.moderation.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.HomeServer;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Membership;
import org.hearth.api.room.RoomService;
import org.hearth.api.room.RoomSpec;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts a room down on this server, as Synapse's room deletion does without its purge: blocks it
 * when asked, makes every local user leave it (joined, invited or knocking) and forget it, moves
 * them into a new room of notice where they can read but not write when a creator for it is
 * given, points the room's local aliases at that room (or removes them), and takes the room out
 * of the public directory. Other servers' users stay in the room on their servers.
 */
@Component(service = RoomShutdown.class)
public class RoomShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(RoomShutdown.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");
    private static final Set<Membership> PRESENT = Set.of(Membership.JOIN, Membership.INVITE, Membership.KNOCK);

    private final RoomService rooms;
    private final RoomViews views;
    private final BlockedRooms blocked;
    private final HomeServer server;

    /**
     * What an administrator asked.
     *
     * @param noticeCreator the creator of the room of notice; none, no such room
     */
    public record Order(UserId admin, RoomId room, Optional<UserId> noticeCreator, String noticeName,
                        String noticeMessage, boolean block) {}

    /** What was done: the local users moved out, those who could not be, the aliases moved or removed. */
    public record Outcome(List<UserId> removed, List<UserId> notRemoved, List<RoomAlias> aliases,
                          Optional<RoomId> noticeRoom) {}

    @Activate
    public RoomShutdown(@Reference RoomService rooms, @Reference RoomViews views, @Reference BlockedRooms blocked,
                        @Reference HomeServer server) {
        this.rooms = rooms;
        this.views = views;
        this.blocked = blocked;
        this.server = server;
    }

    /** 404 for a room unknown here, unless it is only to be blocked (a room no one here is in yet). */
    public Outcome shutDown(Order order) throws MatrixException {
        RoomId room = order.room();
        boolean known = views.roomVersion(room).isPresent();
        if (!known && !order.block()) {
            throw MatrixException.notFound("Unknown room " + room);
        }
        if (order.block()) {
            blocked.block(room, order.admin());
        }
        if (!known) {
            return new Outcome(List.of(), List.of(), List.of(), Optional.empty());
        }
        Optional<RoomId> notice = order.noticeCreator().isEmpty() ? Optional.empty()
                : Optional.of(noticeRoom(order.noticeCreator().get(), order.noticeName(), order.noticeMessage()));
        List<UserId> removed = new ArrayList<>();
        List<UserId> notRemoved = new ArrayList<>();
        for (Map.Entry<UserId, Membership> member : views.members(Viewer.EVERYTHING, room).entrySet()) {
            UserId user = member.getKey();
            if (!user.server().equals(server.name()) || !PRESENT.contains(member.getValue())) {
                continue;
            }
            try {
                rooms.leave(user, room, null);
                rooms.forget(user, room);
                if (notice.isPresent()) {
                    rooms.join(user, notice.get(), null);
                }
                removed.add(user);
            } catch (MatrixException e) {
                LOG.warn("Shutting down room {}: {} was not moved out: {}", room, user, e.getMessage());
                notRemoved.add(user);
            }
        }
        List<RoomAlias> aliases = rooms.localAliases(room);
        for (RoomAlias alias : aliases) {
            rooms.setAlias(alias, notice, order.admin());
        }
        rooms.setPublished(room, false);
        AUDIT.info("Room {} shut down by {}: {} local user(s) moved out{}, {} not; aliases {}", room, order.admin(),
                removed.size(), notice.map(r -> " to " + r).orElse(""), notRemoved.size(), aliases);
        return new Outcome(removed, notRemoved, aliases, notice);
    }

    /** A public room whose members read the notice and cannot write (they stand below {@code events_default}). */
    private RoomId noticeRoom(UserId creator, String name, String message) throws MatrixException {
        ObjectNode levels = JsonNodeFactory.instance.objectNode().put("users_default", -10);
        RoomId id = rooms.create(creator, RoomSpec.preset(RoomSpec.Preset.PUBLIC_CHAT).withName(name)
                .withPowerLevelOverride(levels));
        rooms.send(creator, id, "m.room.message",
                JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", message));
        return id;
    }
}
