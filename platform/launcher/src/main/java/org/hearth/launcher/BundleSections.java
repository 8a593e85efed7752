package org.hearth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sections of {@code conf/hearth.yaml} whose bundle was not installed at start-up (such as
 * {@code auth_ldap:} before its jar is dropped into {@code deploy/}). Each is checked against the
 * metatype of the first bundle that resolves declaring its PID, and handed to ConfigAdmin only if
 * it fits. A section that does not fit cannot stop the running server: one log line names the key
 * and the bundle's components that require the configuration stay unsatisfied.
 */
final class BundleSections implements SynchronousBundleListener {
    private static final Logger LOG = LoggerFactory.getLogger("hearth.config");

    private final Path file;
    private final MetaTypes metaTypes;
    private final BiConsumer<String, Hashtable<String, Object>> feed;
    private final Map<String, JsonNode> pending;

    /**
     * @param pending section name → YAML, for sections no bundle declared at start-up
     * @param feed    hands a checked section to ConfigAdmin: PID, properties
     */
    BundleSections(Path file, MetaTypes metaTypes, Map<String, JsonNode> pending,
                   BiConsumer<String, Hashtable<String, Object>> feed) {
        this.file = file;
        this.metaTypes = metaTypes;
        this.pending = new LinkedHashMap<>(pending);
        this.feed = feed;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.RESOLVED) {
            return;
        }
        Map<String, JsonNode> waiting;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            waiting = Map.copyOf(pending);
        }
        Bundle bundle = event.getBundle();
        Map<String, SectionSchema> declared;
        try {
            declared = metaTypes.sectionsOf(bundle);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the metatype of {}: {}", bundle.getSymbolicName(), e.toString());
            return;
        }
        declared.forEach((section, schema) -> {
            JsonNode yaml = waiting.get(section);
            if (yaml == null) {
                return;
            }
            synchronized (this) {
                pending.remove(section);
            }
            try {
                feed.accept(HearthConfig.PID_PREFIX + section, SectionCheck.check(section, yaml, schema));
                LOG.info("Section {}: handed to bundle {}", section, schema.bundle());
            } catch (SectionCheck.Problem problem) {
                LOG.error("{} (the section is not handed to bundle {}; fix the file and restart)",
                        problem.line(file), schema.bundle());
            }
        });
    }
}
