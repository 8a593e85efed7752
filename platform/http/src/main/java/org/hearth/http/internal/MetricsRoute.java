package org.hearth.http.internal;

import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_hearth/metrics: Prometheus scrape endpoint; {@code name[]=N} (repeatable) keeps only the metrics named. */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/metrics", access = Access.NONE)
public class MetricsRoute implements Route {
    private final HttpMetrics metrics;

    @Activate
    public MetricsRoute(@Reference HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.bytes(200, HttpMetrics.contentType(), metrics.scrape(request.queryParams("name[]")));
    }
}
