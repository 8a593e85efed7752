package org.hearth.bench;

import java.util.Arrays;

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
