package org.hearth.core.internal.rooms;

import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDataStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A user forgets a room they are no longer in (Client-Server API, "Leaving rooms"): it leaves
 * their syncs until they join it again.
 */
@Component(service = Forgetting.class)
public class Forgetting {
    private final RoomAccess access;
    private final UserDataStore userData;
    private final Notifier notifier;

    @Activate
    public Forgetting(@Reference RoomAccess access, @Reference UserDataStore userData, @Reference Notifier notifier) {
        this.access = access;
        this.userData = userData;
        this.notifier = notifier;
    }

    /** 400 {@code M_UNKNOWN} while the user is joined, invited or knocking. */
    public void forget(UserId user, String roomId) throws MatrixException {
        String membership = access.membership(roomId, user);
        if ("join".equals(membership) || "invite".equals(membership) || "knock".equals(membership)) {
            throw new MatrixException(400, "M_UNKNOWN", "Leave the room before forgetting it");
        }
        userData.forget(user, roomId);
        notifier.userChanged(user.toString()); // a sliding sync list no longer shows the room
    }
}
