package org.hearth.api.spi.storage;

import java.util.Optional;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The cached device lists of users of other servers (Server-Server API, "Device Management"):
 * what their server answered to {@code GET /user/devices}, kept current by the
 * {@code m.device_list_update} and {@code m.signing_key_update} EDUs it sends.
 */
@ConsumerType
public interface RemoteDeviceListStore {

    /** A remote user's cached list: the stream ID of its last update and the JSON as core keeps it. */
    record RemoteDeviceList(UserId userId, long streamId, String json) {}

    Optional<RemoteDeviceList> deviceList(UserId userId);

    /**
     * Stores (or replaces) the user's list and, in the same transaction, records a device-list
     * change of the user seen by everyone who shares a room with them ({@link DeviceListStore}).
     */
    void putDeviceList(UserId userId, long streamId, String json);

    /** Whether a user of {@code localServer} is joined to a room the user is joined to: only then does their server send updates. */
    boolean sharesRoomWithUserOf(UserId userId, ServerName localServer);

    /*
     * A list no local user follows any more is forgotten: the user's server stops sending updates,
     * so it would go stale, and after a rejoin it is fetched again. Each is one statement.
     */

    /** Forgets the user's list unless a user of {@code localServer} is joined to a room they are joined to. */
    void forgetIfUnshared(UserId userId, ServerName localServer);

    /**
     * When no user of {@code localServer} is joined to the room any more, forgets the lists of its
     * joined members whom no other room ties to a local user; else does nothing, whatever the room's size.
     */
    void forgetMembersIfUnshared(String roomId, ServerName localServer);
}
