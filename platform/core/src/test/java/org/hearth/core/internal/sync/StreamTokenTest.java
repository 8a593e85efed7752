package org.hearth.core.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class StreamTokenTest {

    @Test
    void roundTrip() throws MatrixException {
        assertEquals(42, StreamToken.parse(StreamToken.of(42)));
        assertEquals("s0", StreamToken.of(0));
    }

    @Test
    void syncTokensCarryTheTypingSerial() throws MatrixException {
        String token = StreamToken.sync(42, 1_700_000_000_123L);
        assertEquals(42, StreamToken.parse(token));
        assertEquals(1_700_000_000_123L, StreamToken.typing(token));
        assertEquals(0, StreamToken.typing("s42"));
        assertThrows(MatrixException.class, () -> StreamToken.typing("s42_tx"));
    }

    @Test
    void badTokensAre400InvalidParam() {
        for (String bad : new String[] {null, "", "s", "t5", "s-1", "sx", "s99999999999999999999"}) {
            MatrixException e = assertThrows(MatrixException.class, () -> StreamToken.parse(bad), String.valueOf(bad));
            assertEquals("M_INVALID_PARAM", e.errcode());
            assertEquals(400, e.status());
        }
    }
}
