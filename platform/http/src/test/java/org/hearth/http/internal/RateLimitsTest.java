package org.hearth.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    private static final UserId ALICE = UserId.parse("@alice:example.org").orElseThrow();
    private static final UserId BOT = UserId.parse("@bot:example.org").orElseThrow();

    private static RateLimits limits(Map<String, Object> properties) {
        return new RateLimits(TypedConfig.of(RateLimitsConfig.class, properties));
    }

    private static void exhaust(RateLimits limits, Requester who, int times) throws MatrixException {
        for (int i = 0; i < times; i++) {
            limits.acquireFor(RateLimiter.ROOM_CREATION, who, "192.0.2.1");
        }
    }

    @Test
    void aUserIsLimitedPerClassWith429AndRetryAfter() throws MatrixException {
        RateLimits limits = limits(Map.of("room_creation.burst", 3, "room_creation.per_second", 0.001));
        Requester alice = Requester.user(ALICE, new DeviceId("D"), false, 1);
        exhaust(limits, alice, 3);
        MatrixException e = assertThrows(MatrixException.class, () -> exhaust(limits, alice, 1));
        assertEquals(429, e.status());
        assertEquals("M_LIMIT_EXCEEDED", e.errcode());
        limits.acquireFor(RateLimiter.MESSAGE, alice, "192.0.2.1"); // another class, another bucket
    }

    @Test
    void exemptUsersApplicationServicesAndDisabledLimitsAreNeverLimited() throws MatrixException {
        Map<String, Object> tight = Map.of("room_creation.burst", 1, "room_creation.per_second", 0.001,
                "exempt_users", List.of(BOT.toString()));
        exhaust(limits(tight), Requester.user(BOT, new DeviceId("D"), false, 1), 50);
        Requester appService = new Requester(ALICE, null, false, false, "bridge", 0);
        exhaust(limits(tight), appService, 50);
        Map<String, Object> off = Map.of("enabled", false, "room_creation.burst", 1);
        exhaust(limits(off), Requester.user(ALICE, new DeviceId("D"), false, 1), 50);
        exhaust(limits(off), null, 50);
    }

    @Test
    void withoutAUserTheAddressIsTheKey() throws MatrixException {
        RateLimits limits = limits(Map.of("room_creation.burst", 2, "room_creation.per_second", 0.001));
        exhaust(limits, null, 2);
        assertThrows(MatrixException.class, () -> exhaust(limits, null, 1));
        limits.acquireFor(RateLimiter.ROOM_CREATION, null, "192.0.2.2");
    }
}
