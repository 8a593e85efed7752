package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.util.Json;
import org.junit.jupiter.api.Test;

/** A stored event's content read by streaming: the same as the tree of the whole event says. */
class StoredContentTest {
    private static final String PDU = """
            {"auth_events":["$a","$b"],"unsigned":{"content":{"membership":"leave"}},\
            "content":{"avatar_url":null,"membership":"join","displayname":"A \\"quoted\\" \\u00e9 name",\
            "nested":{"membership":"ban","list":[{"x":1},"}"]}},\
            "hashes":{"sha256":"abc"},"type":"m.room.member","depth":3}""";

    private static StoredEvent event(String json) {
        return new StoredEvent(1, "$e", "!r:here", 3, "m.room.member", "@a:here", "@a:here", 0, json, null);
    }

    @Test
    void theContentTextIsTheStoredObjectExactly() throws Exception {
        String content = StoredContent.json(event(PDU));
        assertEquals(Json.stored(PDU).get("content"), new ObjectMapper().readTree(content));
        assertEquals('{', content.charAt(0));
        assertEquals('}', content.charAt(content.length() - 1));
    }

    @Test
    void readsATopLevelStringOfTheContentOnly() {
        assertEquals("join", StoredContent.text(event(PDU), "membership"));
        assertEquals("A \"quoted\" é name", StoredContent.text(event(PDU), "displayname"));
        assertNull(StoredContent.text(event(PDU), "avatar_url"), "null is not a string");
        assertNull(StoredContent.text(event(PDU), "nested"), "an object is not a string");
        assertNull(StoredContent.text(event(PDU), "list"), "only the content's own fields");
        assertNull(StoredContent.text(event(PDU), "type"), "not the event's own fields");
    }

    @Test
    void anEventWithoutContentHasAnEmptyOne() {
        String json = "{\"type\":\"m.room.member\",\"unsigned\":{\"content\":{\"membership\":\"join\"}}}";
        assertEquals("{}", StoredContent.json(event(json)));
        assertNull(StoredContent.text(event(json), "membership"));
    }
}
