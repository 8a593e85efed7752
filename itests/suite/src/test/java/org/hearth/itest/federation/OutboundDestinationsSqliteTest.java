package org.hearth.itest.federation;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Where local events are sent, from a server process on SQLite. */
class OutboundDestinationsSqliteTest extends OutboundDestinationsContract {
    @RegisterExtension
    static HearthCluster cluster = new HearthCluster(ONE).playing(PLAYED);

    @Override
    HearthCluster cluster() {
        return cluster;
    }
}
