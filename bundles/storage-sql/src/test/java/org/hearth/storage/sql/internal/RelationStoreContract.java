package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.RelationStore;
import org.hearth.api.spi.storage.RelationStore.Relation;
import org.hearth.api.spi.storage.RelationStore.ThreadRoot;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.api.spi.storage.WriteBatch.Append;
import org.junit.jupiter.api.Test;

/** {@link RelationStore}, kept by {@link EventStore#write}; run by {@link StoreSuite} on each database. */
abstract class RelationStoreContract {
    private static final String ROOM = "!talk:example.org";

    final EventStore events;
    final RelationStore relations;
    private int depth;

    RelationStoreContract(StoreSuite suite) {
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
        relations = new SqlRelationStore(suite.database);
    }

    private void write(WriteBatch batch) {
        events.write(batch);
    }

    private Append append(String id, UserId sender, String stateKey, String content, EventPlacement.Status status) {
        NewEvent event = new NewEvent(id, "m.room.message", stateKey, sender.toString(), ++depth, NOW + depth,
                "{\"content\":" + content + "}", null);
        Map<StateKey, String> delta = stateKey == null ? Map.of() : Map.of(new StateKey("m.room.message", stateKey), id);
        return new Append(ROOM, event, depth == 1 ? 0 : Append.AFTER_PREVIOUS, delta, List.of(id),
                new EventPlacement(List.of(), List.of(), status, status == EventPlacement.Status.REJECTED ? "test" : null,
                        Map.of(), null));
    }

    private static String relatesTo(String relType, String parent) {
        return "{\"body\":\"x\",\"m.relates_to\":{\"rel_type\":\"" + relType + "\",\"event_id\":\"" + parent + "\"}}";
    }

    private static List<String> ids(List<Relation> rows) {
        return rows.stream().map(Relation::eventId).toList();
    }

    @Test
    void relationsAreKeptForAcceptedMessagesAndDroppedByRedaction() {
        EventPlacement.Status ok = EventPlacement.Status.ACCEPTED;
        write(new WriteBatch(List.of(new Room(ROOM, "12", ALICE.toString(), NOW, false)), List.of(
                append("$root", ALICE, "", "{}", ok),
                append("$reply1", BOB, null, relatesTo("m.thread", "$root"), ok),
                append("$edit", ALICE, null, relatesTo("m.replace", "$root"), ok),
                append("$rejected", BOB, null, relatesTo("m.thread", "$root"), EventPlacement.Status.REJECTED),
                append("$state", BOB, "k", relatesTo("m.thread", "$root"), ok),
                append("$reply2", ALICE, null, relatesTo("m.thread", "$root"), ok),
                append("$reply", BOB, null, "{\"m.relates_to\":{\"m.in_reply_to\":{\"event_id\":\"$root\"}}}", ok),
                append("$other", BOB, null, relatesTo("m.thread", "$elsewhere"), ok)),
                List.of(), List.of(), List.of(), Map.of()));

        assertEquals(List.of("$reply2", "$edit", "$reply1"),
                ids(relations.children(List.of("$root"), List.of(), null, 0, Long.MAX_VALUE, 10, true)),
                "neither rejected nor state events nor rich replies");
        List<Relation> thread = relations.children(List.of("$root"), List.of("m.thread"), "m.room.message", 0,
                Long.MAX_VALUE, 10, false);
        assertEquals(List.of("$reply1", "$reply2"), ids(thread));
        assertEquals(List.of("$reply1"), ids(relations.children(List.of("$root"), List.of("m.thread"), null,
                0, thread.get(1).streamPosition() - 1, 10, false)), "bounded by position");
        assertEquals(List.of(), relations.children(List.of("$root"), List.of(), "m.reaction", 0, Long.MAX_VALUE, 10,
                true));

        assertEquals(List.of("$elsewhere", "$root"),
                relations.threads(ROOM, Long.MAX_VALUE, null, 10).stream().map(ThreadRoot::rootId).toList(),
                "the most recently active first");
        assertEquals(List.of("$root"), relations.threads(ROOM, thread.get(1).streamPosition() + 1, null, 10).stream()
                .map(ThreadRoot::rootId).toList(), "older than the token");
        assertEquals(List.of("$root"), relations.threads(ROOM, Long.MAX_VALUE, ALICE.toString(), 10).stream()
                .map(ThreadRoot::rootId).toList(), "alice sent the root and a reply, not in $elsewhere");

        write(new WriteBatch(List.of(), List.of(), List.of(new WriteBatch.Redaction("$reply2", "{}", "$redaction")),
                List.of(), List.of(), Map.of()));
        assertEquals(List.of("$reply1"), ids(relations.children(List.of("$root"), List.of("m.thread"), null, 0,
                Long.MAX_VALUE, 10, true)), "a redacted child breaks its relationship");
    }
}
