package org.hearth.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The duration of an access-log line: milliseconds with one decimal, as {@code %.1f} wrote them. */
class AccessLogTest {
    @Test
    void millisecondsHaveOneDecimalRoundedHalfUp() {
        assertEquals("0.0", AccessLog.millis(0));
        assertEquals("0.0", AccessLog.millis(49_999));
        assertEquals("0.1", AccessLog.millis(50_000));
        assertEquals("2.4", AccessLog.millis(2_351_000));
        assertEquals("12.0", AccessLog.millis(11_960_000));
        assertEquals("1500.3", AccessLog.millis(1_500_300_000L));
        for (long nanos = 0; nanos < 5_000_000; nanos += 12_345) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.1f", Math.round(nanos / 1e5) / 10.0),
                    AccessLog.millis(nanos), "at " + nanos);
        }
    }
}
