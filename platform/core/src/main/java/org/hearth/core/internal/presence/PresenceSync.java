package org.hearth.core.internal.presence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceListStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code presence} section of a {@code /sync} answer: the {@code m.presence} events of the
 * users whose presence changed after the token's {@code p} position (in an initial sync, of
 * everyone with a presence), limited to the user and those who share a joined room with them
 * ("Presence": presence is published to users who share a room).
 */
@Component(service = PresenceSync.class)
public class PresenceSync {
    private final Presence presence;
    private final DeviceListStore sharing;

    @Activate
    public PresenceSync(@Reference Presence presence, @Reference DeviceListStore sharing) {
        this.presence = presence;
        this.sharing = sharing;
    }

    /** Read before anything else of the sync, so that no change below it is missed. */
    public long position() {
        return presence.current();
    }

    /** The presence contents to show, by user, of the changes in (since, upTo]; since 0 for an initial sync. */
    public Map<UserId, JsonNode> changes(UserId user, long since, long upTo) {
        List<UserId> changed = presence.enabled() ? presence.changed(since, upTo) : List.of();
        Map<UserId, JsonNode> out = new LinkedHashMap<>();
        if (changed.isEmpty()) {
            return out;
        }
        Set<UserId> shown = new HashSet<>(sharing.sharingRoomWith(user, changed));
        if (changed.contains(user)) {
            shown.add(user);
        }
        for (UserId other : changed) {
            if (shown.contains(other)) {
                out.put(other, presence.content(other));
            }
        }
        return out;
    }
}
