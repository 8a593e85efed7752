package org.hearth.core.internal.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hearth.api.MatrixException;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aBurstThenTooManyRequests() {
        RateLimiter limiter = new RateLimiter(0.1, 3);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limiter.acquire("ip:1"));
        }
        MatrixException e = assertThrows(MatrixException.class, () -> limiter.acquire("ip:1"));
        assertEquals(429, e.status());
        assertEquals("M_LIMIT_EXCEEDED", e.errcode());
        long retry = (Long) e.extra().get("retry_after_ms");
        assertTrue(retry > 0 && retry <= 10_000, "one token comes back within 1/0.1 s: " + retry);
        assertDoesNotThrow(() -> limiter.acquire("ip:2"), "keys have their own buckets");
    }
}
