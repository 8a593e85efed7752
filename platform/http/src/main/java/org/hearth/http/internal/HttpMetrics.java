package org.hearth.http.internal;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.event.StreamStatus;
import org.hearth.api.metrics.Gauge;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Prometheus metrics of this server: one latency histogram of HTTP requests labelled by method,
 * route template (never the raw path, which would explode the label space) and status, the lag of
 * each durable event stream consumer (when core is there), every {@link Gauge} service of any
 * bundle while it is registered, plus the JVM's memory, threads and GC.
 */
@Component(service = HttpMetrics.class)
public class HttpMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram requests = Histogram.builder()
            .name("hearth_http_request_duration_seconds")
            .help("Time to answer an HTTP request, by method, route template and status")
            .labelNames("method", "route", "status")
            .register(registry);

    /** Core's view of the durable event stream; absent while core is. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile StreamStatus streams;

    public HttpMetrics() {
        JvmMetrics.builder().register(registry);
        GaugeWithCallback.builder()
                .name("hearth_event_stream_lag")
                .help("Stream positions between the newest stored event and a durable consumer's cursor")
                .labelNames("consumer")
                .callback(gauge -> {
                    StreamStatus status = streams;
                    if (status != null) {
                        long head = status.head();
                        status.cursors().forEach(c -> gauge.call(Math.max(0, head - c.position()), c.name()));
                    }
                })
                .register(registry);
    }

    private final Map<Gauge, GaugeWithCallback> gauges = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGauge(Gauge gauge) {
        GaugeWithCallback metric = GaugeWithCallback.builder().name(gauge.name()).help(gauge.help())
                .callback(g -> g.call(gauge.value())).build();
        registry.register(metric);
        gauges.put(gauge, metric);
    }

    void removeGauge(Gauge gauge) {
        GaugeWithCallback metric = gauges.remove(gauge);
        if (metric != null) {
            registry.unregister(metric);
        }
    }

    void observe(String method, String route, int status, long nanos) {
        requests.labelValues(method, route, Integer.toString(status)).observe(nanos / 1e9);
    }

    /**
     * The Prometheus text exposition format, version 0.0.4: every metric, or only those named in
     * {@code names} (the {@code name[]} parameter of Prometheus's exporters), which spares a caller
     * that follows one gauge the rendering of every histogram.
     */
    byte[] scrape(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            PrometheusTextFormatWriter.create().write(out, names.isEmpty() ? registry.scrape()
                    : registry.scrape(MetricNameFilter.builder().nameMustBeEqualTo(names).build()));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
