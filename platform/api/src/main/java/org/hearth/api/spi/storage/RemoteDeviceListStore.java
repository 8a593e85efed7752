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

    /** Forgets the user's list (no local user shares a room with them any more: updates stop coming, so it would go stale). */
    void deleteDeviceList(UserId userId);
}
