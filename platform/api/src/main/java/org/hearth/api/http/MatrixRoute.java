package org.hearth.api.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties that place a {@link Route}: {@code hearth.route.method} and
 * {@code hearth.route.path}.
 *
 * <p>A path template is a literal path whose segments may be {@code {name}} placeholders, each
 * matching exactly one path segment (percent-decoded, available through
 * {@link RouteRequest#pathParam}), non-empty unless the placeholder ends the template (a state
 * key may be empty). When two templates match, the one with more literal segments wins.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MatrixRoute {
    String PREFIX_ = "hearth.route.";

    /** Property key of the HTTP method. */
    String METHOD = "hearth.route.method";
    /** Property key of the path template. */
    String PATH = "hearth.route.path";

    /** GET, POST, PUT or DELETE. */
    String method();

    /** Path template, such as {@code /_matrix/client/v3/rooms/{roomId}/joined_members}. */
    String path();
}
