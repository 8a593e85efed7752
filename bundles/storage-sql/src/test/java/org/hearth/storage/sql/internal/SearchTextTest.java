package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchTextTest {
    @Test
    void theTextOfEachSearchableTypeIsItsContentMember() {
        assertEquals(Optional.of("hello there"), SearchText.of("m.room.message",
                "{\"auth_events\":[\"$a\"],\"content\":{\"body\":\"hello there\",\"msgtype\":\"m.text\"},\"depth\":3}"));
        assertEquals(Optional.of("Lobby"), SearchText.of("m.room.name", "{\"content\":{\"name\":\"Lobby\"}}"));
        assertEquals(Optional.of("Plans"), SearchText.of("m.room.topic", "{\"content\":{\"topic\":\"Plans\"}}"));
    }

    @Test
    void onlyADirectStringMemberOfTheTopLevelContentCounts() {
        assertEquals(Optional.empty(), SearchText.of("m.room.message", "{\"content\":{\"body\":42}}"));
        assertEquals(Optional.empty(), SearchText.of("m.room.message", "{\"content\":{\"body\":{\"x\":\"y\"}}}"));
        assertEquals(Optional.empty(), SearchText.of("m.room.message",
                "{\"content\":{\"m.new_content\":{\"body\":\"edit\"}},\"unsigned\":{\"content\":{\"body\":\"no\"}}}"));
        assertEquals(Optional.empty(), SearchText.of("m.room.message", "{\"content\":\"body\"}"));
        assertEquals(Optional.empty(), SearchText.of("m.room.message", "{\"prev_content\":{\"body\":\"old\"}}"));
        assertEquals(Optional.empty(), SearchText.of("m.room.name", "{\"content\":{\"body\":\"not a name\"}}"));
        assertEquals(Optional.empty(), SearchText.of("m.reaction", "{\"content\":{\"body\":\"x\"}}"));
        assertEquals(Optional.of("after"), SearchText.of("m.room.message",
                "{\"a\":{\"content\":{\"body\":\"nested\"}},\"content\":{\"x\":[{\"body\":\"in a list\"}],\"body\":\"after\"}}"));
    }

    @Test
    void nulBecomesASpace() {
        assertEquals(Optional.of("a b"), SearchText.of("m.room.message", "{\"content\":{\"body\":\"a\\u0000b\"}}"));
    }

    @Test
    void jsonThatIsNotJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SearchText.of("m.room.message", "{\"content\":{\"body\":"));
    }
}
