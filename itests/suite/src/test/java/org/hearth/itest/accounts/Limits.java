package org.hearth.itest.accounts;

import org.hearth.testkit.TestConfig;

/** Test servers where every test logs in from 127.0.0.1: rate limits out of the way, registration open. */
final class Limits {
    private Limits() {
    }

    static void generous(TestConfig c) {
        c.set("registration.enabled", true)
                .set("rate_limits.login.per_second", 1000)
                .set("rate_limits.login.burst", 1000)
                .set("rate_limits.registration.per_second", 1000)
                .set("rate_limits.registration.burst", 1000);
    }
}
