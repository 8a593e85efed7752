package org.hearth.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;

/** Latencies of one run, in nanoseconds, and the figures a benchmark prints of them. */
final class LatencyRecorder {
    private long[] samples = new long[1 << 16];
    private int count;

    synchronized void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    /**
     * Waits for the polls, then records for each when it returned after {@code sent} (0 when it
     * returned first): the latency of a fan-out round.
     */
    void recordReturns(List<? extends Future<?>> polls, long[] returnedAt, long sent) throws Exception {
        for (Future<?> f : polls) {
            f.get();
        }
        for (long at : returnedAt) {
            record(Math.max(0, at - sent));
        }
    }

    synchronized int count() {
        return count;
    }

    synchronized String summary(double seconds) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return String.format("%d requests in %.1f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                count, seconds, count / seconds, pct(sorted, 0.50), pct(sorted, 0.99),
                count == 0 ? 0 : sorted[count - 1] / 1e6);
    }

    /** A percentile in milliseconds. */
    synchronized double percentile(double p) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return pct(sorted, p);
    }

    /** The sum of the latencies in seconds: the duration of a run made one request at a time. */
    synchronized double seconds() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += samples[i];
        }
        return total / 1e9;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
    }
}
