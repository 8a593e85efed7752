package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hearth.core.internal.receipts.ReceiptJson;
import org.hearth.core.internal.receipts.ReceiptsSync;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code receipts} (MSC4186 "Extensions"): an {@code m.receipt} event per matched room with the
 * receipts changed since the connection's position, and all current ones for a room sent in full.
 * Receipts take positions of the event stream, so the connection's event positions bound them;
 * another user's private receipts are never included ({@link ReceiptsSync}).
 */
@Component(service = SlidingSyncExtension.class)
public class ReceiptsExtension implements SlidingSyncExtension {
    static final String NAME = "receipts";
    private final ReceiptsSync receipts;

    @Activate
    public ReceiptsExtension(@Reference ReceiptsSync receipts) {
        this.receipts = receipts;
    }

    @Override
    public boolean addTo(ObjectNode extensions, Context context) {
        if (!context.enabled(NAME)) {
            return false;
        }
        List<String> full = new ArrayList<>();
        List<String> incremental = new ArrayList<>();
        for (String roomId : context.rooms()) {
            boolean whole = context.newConnection() || context.initialRooms().contains(roomId);
            (whole ? full : incremental).add(roomId);
        }
        ReceiptsSync.Changes all = receipts.changes(context.user(), full, 0, context.eventsUpTo());
        ReceiptsSync.Changes changed = receipts.changes(context.user(), incremental, context.eventsSince(),
                context.eventsUpTo());
        ObjectNode rooms = extensions.putObject(NAME).putObject("rooms");
        for (String roomId : context.rooms()) {
            ReceiptsSync.Changes source = full.contains(roomId) ? all : changed;
            if (source.has(roomId)) {
                rooms.set(roomId, ReceiptJson.event(source.of(roomId)));
            }
        }
        return incremental.stream().anyMatch(rooms::has);
    }
}
