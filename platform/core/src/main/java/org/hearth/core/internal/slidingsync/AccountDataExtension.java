package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code account_data}: {@code global} account data and, under {@code rooms}, that of the matched
 * rooms; what changed since the connection's position, and all of it on a new connection or for a
 * room sent in full (the client may never have had it).
 */
@Component(service = SlidingSyncExtension.class)
public class AccountDataExtension implements SlidingSyncExtension {
    static final String NAME = "account_data";
    private final UserDataStore userData;

    @Activate
    public AccountDataExtension(@Reference UserDataStore userData) {
        this.userData = userData;
    }

    @Override
    public boolean addTo(ObjectNode extensions, Context context) {
        if (!context.enabled(NAME)) {
            return false;
        }
        boolean all = context.newConnection() || !context.initialRooms().isEmpty();
        long since = context.newConnection() ? 0 : context.eventsSince();
        List<UserDataStore.AccountData> changes = userData.accountDataChanged(context.user(), all ? 0 : since,
                context.eventsUpTo());
        Set<String> rooms = new HashSet<>(context.rooms());
        ObjectNode section = extensions.putObject(NAME);
        ArrayNode global = section.putArray("global");
        ObjectNode byRoom = section.putObject("rooms");
        boolean news = false;
        for (UserDataStore.AccountData data : changes) {
            boolean fresh = data.streamPosition() > since;
            ObjectNode event;
            if (data.roomId() == null) {
                if (!fresh && !context.newConnection()) {
                    continue;
                }
                event = global.addObject();
            } else if (rooms.contains(data.roomId()) && (fresh || context.initialRooms().contains(data.roomId()))) {
                ArrayNode list = byRoom.has(data.roomId()) ? (ArrayNode) byRoom.get(data.roomId())
                        : byRoom.putArray(data.roomId());
                event = list.addObject();
            } else {
                continue;
            }
            event.put("type", data.type());
            event.set("content", Json.stored(data.contentJson()));
            news = true;
        }
        return news;
    }
}
