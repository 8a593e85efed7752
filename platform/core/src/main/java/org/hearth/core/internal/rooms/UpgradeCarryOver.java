package org.hearth.core.internal.rooms;

import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.UserDataStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What a user keeps when they follow a room upgrade ("Room Upgrades", server behaviour: the
 * server should transfer the user's tags): joining a room whose create event names a
 * predecessor copies their {@code m.tag} of the old room, unless they already tagged the new one.
 */
@Component(service = UpgradeCarryOver.class)
public class UpgradeCarryOver {
    private static final String TAGS = "m.tag";
    private final EventStore events;
    private final UserDataStore userData;
    private final Notifier notifier;

    @Activate
    public UpgradeCarryOver(@Reference EventStore events, @Reference UserDataStore userData, @Reference Notifier notifier) {
        this.events = events;
        this.userData = userData;
        this.notifier = notifier;
    }

    /** The user has joined the room. */
    public void joined(UserId user, String roomId) {
        String predecessor = events.currentStateEvent(roomId, "m.room.create", "").flatMap(events::event)
                .map(e -> StoredEvents.json(e).at("/content/predecessor/room_id").asText(null)).orElse(null);
        if (predecessor == null || userData.accountData(user, roomId, TAGS).isPresent()) {
            return;
        }
        userData.accountData(user, predecessor, TAGS).ifPresent(tags -> {
            userData.putAccountData(user, roomId, TAGS, tags);
            notifier.userChanged(user.toString());
        });
    }
}
