package org.hearth.core.internal.e2ee;

import org.hearth.api.id.UserId;
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
 *
 * <p>Runs on the write path, so each leave costs one statement, whatever the room's size; it runs
 * there so that a rejoin committed after the leave cannot be overtaken by the forgetting.
 */
@Component(service = {RemoteDeviceListTracking.class, CommitListener.class})
public class RemoteDeviceListTracking implements CommitListener {
    private final RemoteDeviceListStore store;
    private final LocalServer server;

    @Activate
    public RemoteDeviceListTracking(@Reference RemoteDeviceListStore store, @Reference LocalServer server) {
        this.store = store;
        this.server = server;
    }

    /** Whether a local user shares a room with the user (joined both). */
    boolean tracked(UserId user) {
        return store.sharesRoomWithUserOf(user, server.name());
    }

    @Override
    public void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels) {
        if (!"m.room.member".equals(event.type())) {
            return;
        }
        String membership = event.content().path("membership").asText();
        if (!"leave".equals(membership) && !"ban".equals(membership)) {
            return; // only these end a join (the auth rules refuse an invite or knock of a joined user)
        }
        event.stateKey().flatMap(UserId::parse).ifPresent(target -> {
            if (server.isLocal(target)) {
                store.forgetMembersIfUnshared(roomId, server.name()); // the room may no longer tie us to its members
            } else {
                store.forgetIfUnshared(target, server.name()); // this may have been the last room shared
            }
        });
    }
}
