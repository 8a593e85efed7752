package org.hearth.itest.echo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.StreamConsumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Durable event stream consumers that write what they are handed to files ({@link StreamLog}),
 * for the delivery tests and the stream benchmark. Active only with an {@code echo_stream:}
 * section. Each starts at the beginning of the stream the first time its name is seen. While
 * {@code <dir>/<name>.hold} exists the consumers hold their batch (a benchmark builds a backlog
 * that way), and {@code <name>-slow} while {@code <dir>/<name>-slow.hold} exists.
 */
@Component(configurationPid = "hearth.echo_stream", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = StreamLogsConfig.class)
public class StreamLogs {
    private final List<ServiceRegistration<EventStreamConsumer>> registrations = new ArrayList<>();
    private final List<StreamLog> logs = new ArrayList<>();

    @Activate
    public StreamLogs(BundleContext context, StreamLogsConfig config) {
        Path dir = Path.of(config.dir());
        String version = context.getBundle().getVersion().toString();
        try {
            for (int i = 0; i < config.consumers(); i++) {
                register(context, new StreamLog(config.name() + "-" + i, dir, config.fsync(),
                        dir.resolve(config.name() + ".hold"), config.batch__ms(), version), config);
            }
            if (config.slow()) {
                String slow = config.name() + "-slow";
                register(context, new StreamLog(slow, dir, config.fsync(), dir.resolve(slow + ".hold"), config.batch__ms(), version), config);
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    private void register(BundleContext context, StreamLog log, StreamLogsConfig config) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(StreamConsumer.NAME, log.name());
        props.put(StreamConsumer.BATCH_SIZE, config.batch__size());
        props.put(StreamConsumer.START_AT, "beginning");
        props.put(StreamConsumer.LINGER_MS, config.linger__ms());
        logs.add(log);
        registrations.add(context.registerService(EventStreamConsumer.class, log, props));
    }

    /** Unregistering returns once core no longer calls the consumer (a batch in hand finishes). */
    @Deactivate
    void stop() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        logs.forEach(StreamLog::close);
        logs.clear();
    }
}
