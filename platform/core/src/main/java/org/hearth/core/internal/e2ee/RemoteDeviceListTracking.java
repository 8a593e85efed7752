package org.hearth.core.internal.e2ee;

import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RemoteDeviceListStore;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.CommitListener;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Whose device lists this server follows: a user of another server while a local user shares a
 * room with them (their server sends {@code m.device_list_update} only then, Server-Server API
 * "Device Management"). A cached list is one followed: when the last local member leaves a room,
 * the cached lists of its remote members that no other room still ties to this server are
 * forgotten, and so is a remote user's when they leave the last room shared. Their updates stop
 * coming, so after a rejoin the list is fetched again instead of served stale.
 */
@Component(service = {RemoteDeviceListTracking.class, CommitListener.class})
public class RemoteDeviceListTracking implements CommitListener {
    private final EventStore events;
    private final RemoteDeviceListStore store;
    private final LocalServer server;

    @Activate
    public RemoteDeviceListTracking(@Reference EventStore events, @Reference RemoteDeviceListStore store,
                                    @Reference LocalServer server) {
        this.events = events;
        this.store = store;
        this.server = server;
    }

    /** Whether a local user shares a room with the user (joined both). */
    boolean tracked(UserId user) {
        return store.sharesRoomWithUserOf(user, server.name());
    }

    @Override
    public void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels) {
        if (!"m.room.member".equals(event.type()) || "join".equals(event.content().path("membership").asText())) {
            return;
        }
        Optional<UserId> target = event.stateKey().flatMap(UserId::parse);
        if (target.isEmpty()) {
            return;
        }
        if (!server.isLocal(target.get())) {
            forgetIfUntracked(target.get()); // a remote user left: this may have been the last room shared
            return;
        }
        Map<String, String> members = events.memberships(roomId);
        if (hasLocalMember(members)) {
            return; // the room still ties this server to its members
        }
        members.forEach((member, membership) -> {
            if ("join".equals(membership)) {
                UserId.parse(member).ifPresent(this::forgetIfUntracked);
            }
        });
    }

    private void forgetIfUntracked(UserId user) {
        if (store.deviceList(user).isPresent() && !tracked(user)) {
            store.deleteDeviceList(user);
        }
    }

    private boolean hasLocalMember(Map<String, String> members) {
        for (Map.Entry<String, String> m : members.entrySet()) {
            if ("join".equals(m.getValue()) && UserId.parse(m.getKey()).map(server::isLocal).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
