package org.hearth.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code http:} section of {@code conf/hearth.yaml} (PID {@code hearth.http}). Method names
 * follow the DS and metatype naming rule: {@code __} is an underscore in the key.
 */
@ObjectClassDefinition(name = "HTTP", description = "The http: section of conf/hearth.yaml")
@interface HttpConfig {
    @AttributeDefinition(required = false, description = "Addresses to listen on")
    String[] bind__addresses() default {"127.0.0.1"};

    @AttributeDefinition(required = false, min = "1", max = "65535", description = "HTTP port")
    int port() default 8008;

    @AttributeDefinition(required = false, min = "1", max = "2147483639",
            description = "Larger request bodies get 413 M_TOO_LARGE")
    long max__request__bytes() default HttpServer.DEFAULT_MAX_BODY_BYTES;

    @AttributeDefinition(required = false, min = "1", max = "1024",
            description = "I/O threads; absent: two per core, at least 2")
    int io__threads() default 0;

    @AttributeDefinition(required = false, min = "1", max = "10000",
            description = "Request worker threads; absent: 16 per core, at least 32")
    int worker__threads() default 0;
}
