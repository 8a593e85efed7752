package org.hearth.testkit;

import java.time.Duration;

/**
 * The server's gauges on {@code /_hearth/metrics}: a test that wants a waiting request woken by
 * what it does next waits for the server to count it as waiting, instead of sleeping and hoping.
 */
public final class Metrics {
    private Metrics() {
    }

    /** The value of a metric without labels now. */
    public static double value(MatrixHttp http, String name) {
        String prefix = name + " ";
        for (String line : http.get("/_hearth/metrics?name%5B%5D=" + name).text().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        throw new AssertionError("no " + name + " on /_hearth/metrics");
    }

    /** Waits until the metric is at least {@code atLeast}. */
    public static void await(MatrixHttp http, String name, double atLeast) {
        Await.until(name + " ≥ " + atLeast, Duration.ofSeconds(30), () -> value(http, name) >= atLeast);
    }
}
