package org.hearth.core.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void storedMembersReadsTheNamedTopLevelMembersWholeAndNothingElse() {
        String pdu = "{\"auth_events\":[\"$a\",\"$b\"],\"content\":{\"body\":\"hi\",\"m.relates_to\":{\"event_id\":\"$x\"},"
                + "\"signatures\":{\"in\":\"content\"}},\"hashes\":{\"sha256\":\"h\"},\"redacts\":\"$r\","
                + "\"signatures\":{\"s\":{\"ed25519:1\":\"sig\"}},\"type\":\"m.room.message\"}";
        assertEquals("{\"content\":{\"body\":\"hi\",\"m.relates_to\":{\"event_id\":\"$x\"},\"signatures\":{\"in\":\"content\"}},"
                + "\"redacts\":\"$r\"}", Json.storedMembers(pdu, Set.of("content", "redacts")).toString());
        assertEquals("{}", Json.storedMembers("{\"a\":[1,{\"b\":2}]}", Set.of("content")).toString());
    }

    @Test
    void storedMembersOfWhatIsNotAnObjectIsABug() {
        assertThrows(IllegalStateException.class, () -> Json.storedMembers("[1]", Set.of("content")));
        assertThrows(IllegalStateException.class, () -> Json.storedMembers("{\"content\":", Set.of("content")));
    }
}
