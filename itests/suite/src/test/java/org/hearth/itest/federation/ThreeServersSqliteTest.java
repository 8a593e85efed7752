package org.hearth.itest.federation;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Three federating server processes, each on its own SQLite file. */
class ThreeServersSqliteTest extends ThreeServersContract {
    @RegisterExtension
    static HearthCluster cluster = new HearthCluster(A, B, C);

    @Override
    HearthCluster cluster() {
        return cluster;
    }
}
