package org.hearth.testkit;

/**
 * The server's count of parked sync long polls ({@code hearth_sync_waiting_polls} on
 * {@code /_hearth/metrics}): a test that wants a poll woken by what it does next waits for the
 * poll to be parked first, instead of sleeping and hoping.
 */
public final class WaitingPolls {
    private static final String METRIC = "hearth_sync_waiting_polls";

    private WaitingPolls() {
    }

    /** The number of long polls waiting now. */
    public static int count(MatrixHttp http) {
        return (int) Metrics.value(http, METRIC);
    }

    /** Waits until at least {@code polls} long polls are parked. */
    public static void await(MatrixHttp http, int polls) {
        Metrics.await(http, METRIC, polls);
    }
}
