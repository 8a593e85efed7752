package org.hearth.core.internal.slidingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RequiredStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ME = "@me:x";

    private static RequiredState parse(String json) throws Exception {
        return RequiredState.parse(JSON.readTree(json));
    }

    @Test
    void pairsWithWildcardsMeAndLazy() throws Exception {
        RequiredState state = parse("[[\"m.room.create\",\"\"],[\"m.room.member\",\"$ME\"],[\"m.room.member\",\"$LAZY\"],"
                + "[\"*\",\"topic-key\"]]");
        assertTrue(state.wants("m.room.create", "", ME));
        assertFalse(state.wants("m.room.create", "x", ME));
        assertTrue(state.wants("m.room.member", ME, ME));
        assertFalse(state.wants("m.room.member", "@other:x", ME));
        assertTrue(state.wants("anything", "topic-key", ME));
        assertTrue(state.lazyMembers());
        assertFalse(state.allMembers());
        assertTrue(parse("[[\"*\",\"*\"]]").allMembers());
    }

    @Test
    void includeExcludeOfTheMergedShape() throws Exception {
        RequiredState state = parse("{\"include\":[{}],\"exclude\":[{\"type\":\"m.room.create\"}],\"lazy_members\":true}");
        assertTrue(state.wants("m.room.name", "", ME));
        assertFalse(state.wants("m.room.create", "", ME));
        assertTrue(state.lazyMembers());
        assertTrue(state.allMembers());
    }

    @Test
    void storedFormReadsBackTheSame() throws Exception {
        RequiredState state = parse("{\"include\":[{},{\"state_key\":\"$ME\"}],\"exclude\":[{\"type\":\"a\",\"state_key\":\"b\"}]}");
        assertEquals(state, RequiredState.parse(state.toJson()));
    }

    @Test
    void coversWhatAskesForNoMore() throws Exception {
        RequiredState all = parse("[[\"*\",\"*\"]]");
        RequiredState create = parse("[[\"m.room.create\",\"\"]]");
        RequiredState lazy = parse("[[\"m.room.create\",\"\"],[\"m.room.member\",\"$LAZY\"]]");
        assertTrue(all.covers(create));
        assertTrue(all.covers(lazy));
        assertFalse(create.covers(all));
        assertFalse(create.covers(lazy));
        assertTrue(lazy.covers(create));
        assertTrue(create.covers(RequiredState.NONE));
        assertTrue(parse("{\"include\":[{}],\"exclude\":[{\"type\":\"a\"}]}").covers(RequiredState.NONE));
    }
}
