package org.hearth.core.internal.receipts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hearth.api.spi.storage.ReceiptStore;

/** Receipts as the {@code m.receipt} event of {@code /sync} and of sliding sync's {@code receipts} extension. */
public final class ReceiptJson {
    private ReceiptJson() {
    }

    /** One {@code m.receipt} event ("Receipts"): {@code {event_id: {type: {user_id: {ts, thread_id?}}}}}. */
    public static ObjectNode event(List<ReceiptStore.Receipt> receipts) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", "m.receipt");
        ObjectNode content = event.putObject("content");
        for (ReceiptStore.Receipt r : receipts) {
            ObjectNode byType = content.has(r.eventId()) ? (ObjectNode) content.get(r.eventId())
                    : content.putObject(r.eventId());
            ObjectNode byUser = byType.has(r.type()) ? (ObjectNode) byType.get(r.type()) : byType.putObject(r.type());
            ObjectNode receipt = byUser.putObject(r.userId()).put("ts", r.ts());
            if (r.threadId() != null) {
                receipt.put("thread_id", r.threadId());
            }
        }
        return event;
    }
}
