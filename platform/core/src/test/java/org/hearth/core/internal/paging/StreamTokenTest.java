package org.hearth.core.internal.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class StreamTokenTest {

    @Test
    void roundTrip() throws MatrixException {
        assertEquals(42, StreamToken.parse(StreamToken.of(42)));
        assertEquals("s0", StreamToken.of(0));
        assertEquals(-12, StreamToken.parse(StreamToken.of(-12)), "a position in backfilled history");
    }

    @Test
    void syncTokensCarryEveryStreamPosition() throws MatrixException {
        SyncToken token = new SyncToken(42, 1_700_000_000_123L, 7, 9);
        assertEquals("s42_t1700000000123_d7_k9_p0", token.toString());
        assertEquals(token, SyncToken.parse(token.toString()));
        assertEquals(42, StreamToken.parse(token.toString()), "a sync token is a pagination token too");
    }

    @Test
    void olderTokensStillParse() throws MatrixException {
        assertEquals(new SyncToken(42, 0, 0, 0), SyncToken.parse("s42"));
        assertEquals(new SyncToken(42, 5, 0, 0), SyncToken.parse("s42_t5"));
        assertEquals(new SyncToken(42, 5, 0, 3), SyncToken.parse("s42_k3_t5"));
        assertEquals(new SyncToken(42, 5, 0, 3, 0), SyncToken.parse("s42_t5_d0_k3"), "no presence part: position 0");
        assertEquals(new SyncToken(42, 5, 0, 3, 8), SyncToken.parse("s42_t5_d0_k3_p8"));
    }

    @Test
    void badTokensAre400InvalidParam() {
        for (String bad : new String[] {null, "", "s", "t5", "s-", "s--1", "sx", "s99999999999999999999", "s42_tx", "s42_t",
                "s42_", "s42_t1_t2", "s42_x5", "s1_d-1", "s1_d1 ", "s1_p1_p2"}) {
            MatrixException e = assertThrows(MatrixException.class, () -> SyncToken.parse(bad), String.valueOf(bad));
            assertEquals("M_INVALID_PARAM", e.errcode());
            assertEquals(400, e.status());
            assertThrows(MatrixException.class, () -> StreamToken.parse(bad), String.valueOf(bad));
        }
    }
}
