package org.hearth.itest.federation;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Partial-state joins between two federating server processes on SQLite. */
class PartialStateJoinsSqliteTest extends PartialStateJoinsContract {
    @RegisterExtension
    static HearthCluster cluster = new HearthCluster(ONE, TWO).playing(PLAYED).with("rooms.partial_state_joins", true);

    @Override
    HearthCluster cluster() {
        return cluster;
    }
}
