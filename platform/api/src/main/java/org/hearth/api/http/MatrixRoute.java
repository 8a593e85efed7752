package org.hearth.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties that place a {@link Route} and say what the front door must check
 * before it runs: {@code hearth.route.method}, {@code hearth.route.path} (one or more path
 * templates), {@code hearth.route.access} and {@code hearth.route.rateLimit}.
 *
 * <p>A path template is a literal path whose segments may be {@code {name}} placeholders, each
 * matching exactly one path segment (percent-decoded, available through
 * {@link RouteRequest#pathParam}), non-empty unless the placeholder ends the template (a state
 * key may be empty). When two templates match, the one with more literal segments wins. A
 * placeholder absent from the template that matched reads as absent:
 * {@link RouteRequest#optionalPathParam}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MatrixRoute {
    String PREFIX_ = "hearth.route.";
    /** Property key of the HTTP method. */
    String METHOD = "hearth.route.method";
    /** Property key of the path templates (a string or an array of strings). */
    String PATH = "hearth.route.path";
    /** Property key of the {@link Access} name. */
    String ACCESS = "hearth.route.access";
    /** Property key of the rate-limit class. */
    String RATE_LIMIT = "hearth.route.rateLimit";
    /** Property key of {@link #streamBody}. */
    String STREAM_BODY = "hearth.route.streamBody";

    /** GET, POST, PUT or DELETE. */
    String method();

    /** Path templates, such as {@code /_matrix/client/v3/rooms/{roomId}/joined_members}. */
    String[] path();

    /** Who may call it; a registered user unless said otherwise. */
    Access access() default Access.USER;

    /**
     * The rate-limit class the front door applies per user and per address before the route
     * runs (see {@link RateLimiter}), or empty for none.
     */
    String rateLimit() default "";

    /**
     * Whether the route reads the request body itself, as a stream
     * ({@link RouteRequest#bodyStream}), under a limit of its own instead of
     * {@code http.max_request_bytes}: for uploads larger than a request should hold in memory.
     * The front door checks access and rate limits before the route reads anything.
     */
    boolean streamBody() default false;
}
