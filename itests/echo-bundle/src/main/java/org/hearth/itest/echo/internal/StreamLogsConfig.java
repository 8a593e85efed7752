package org.hearth.itest.echo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code echo_stream:} section of a test server's {@code hearth.yaml} (PID {@code hearth.echo_stream}). */
@ObjectClassDefinition(name = "Echo stream logs", description = "Durable stream consumers that log to files (tests, benchmarks)")
@interface StreamLogsConfig {
    @AttributeDefinition(description = "Directory of the logs, one <consumer>.log each")
    String dir();

    @AttributeDefinition(required = false, description = "Consumers are named <name>-0 … <name>-<n-1>, the slow one <name>-slow")
    String name() default "echo-stream";

    @AttributeDefinition(required = false, min = "0", max = "100", description = "How many consumers keep up")
    int consumers() default 1;

    @AttributeDefinition(required = false,
            description = "One more consumer, <name>-slow, that holds each batch while <dir>/<name>-slow.hold exists")
    boolean slow() default false;

    @AttributeDefinition(required = false, min = "1", max = "10000")
    int batch__size() default 100;

    @AttributeDefinition(required = false, min = "0", max = "1000",
            description = "How long a consumer lets events gather before it reads them (hearth.stream.lingerMs)")
    int linger__ms() default 0;

    @AttributeDefinition(required = false, min = "0", max = "1000",
            description = "How long each batch takes at least, as a consumer with work per batch (push delivery reads the database)")
    int batch__ms() default 0;

    @AttributeDefinition(required = false, description = "Force each batch to disk before acknowledging it")
    boolean fsync() default true;
}
