package org.hearth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Felix framework: installs every jar of {@code system/}, checks each section of
 * the configuration against the metatype of the bundle that declares it and hands it to
 * ConfigAdmin before anything else starts, then starts the rest; sections of bundles still to
 * come wait in {@link BundleSections}. Felix FileInstall watches
 * the deploy directory; {@link DeployLog} writes a line for each bundle it installs, updates or
 * removes.
 */
final class Container {
    private static final Logger LOG = LoggerFactory.getLogger(Container.class);
    private static final String CONFIG_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String SCR_RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    /** {@code ComponentConfigurationDTO.FAILED_ACTIVATION}. */
    private static final int FAILED_ACTIVATION = 16;
    /** SLF4J lives on the launcher's class path; the system bundle shares it with every bundle. */
    private static final String SLF4J_VERSION = "2.0.20";
    /**
     * The version slf4j-api 2 also exports its 1.x-compatible packages under (see its manifest),
     * for bundles that import {@code org.slf4j [1.6,2)} such as HikariCP.
     */
    private static final String SLF4J_1_VERSION = "1.7.36";

    private final Framework framework;

    private Container(Framework framework) {
        this.framework = framework;
    }

    static Container start(Path home, HearthConfig config) throws BundleException, IOException, StartupFailure {
        PrivateDirectory.ensure(config.dataDir());
        Files.createDirectories(config.deployDir());
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, config.dataDir().resolve("felix-cache").toString());
        // Start from the system bundles on disk every time: what runs is what system/ holds.
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        List<String> shared = new ArrayList<>(List.of(
                "org.slf4j;version=" + SLF4J_VERSION,
                "org.slf4j.event;version=" + SLF4J_VERSION,
                "org.slf4j.helpers;version=" + SLF4J_VERSION,
                "org.slf4j.spi;version=" + SLF4J_VERSION,
                "org.slf4j;version=" + SLF4J_1_VERSION,
                "org.slf4j.helpers;version=" + SLF4J_1_VERSION));
        shared.addAll(ClassPathExports.packages());
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",", shared));
        props.put(Constants.FRAMEWORK_BOOTDELEGATION, "com.sun.*,sun.*");
        // Several containers may run in one JVM (tests): no JVM-wide URL handler factory.
        props.put("felix.service.urlhandlers", "false");
        props.put("felix.log.level", "1");
        props.put("felix.fileinstall.dir", config.deployDir().toString());
        props.put("felix.fileinstall.poll", "500");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "2");
        props.put("felix.fileinstall.bundles.new.start", "true");
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.fileinstall.tmpdir", config.dataDir().resolve("fileinstall-tmp").toString());
        props.put("org.jboss.logging.provider", "slf4j");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework framework = factory.newFramework(props);
        framework.init();
        Container container = new Container(framework);
        try {
            container.installAndStart(home.resolve("system"), config);
        } catch (BundleException | IOException | StartupFailure | RuntimeException e) {
            container.stop();
            throw e;
        }
        return container;
    }

    private void installAndStart(Path systemDir, HearthConfig config)
            throws BundleException, IOException, StartupFailure {
        BundleContext context = framework.getBundleContext();
        context.addBundleListener(new DeployLog(config.deployDir()));
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> jars = Files.list(systemDir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                // Read where it lies (Felix's "reference:" location) instead of copied into the
                // container's cache: a start wrote 34 MB of jars into the data directory for nothing.
                bundles.add(context.installBundle("reference:" + jar.toUri()));
            }
        }
        framework.start();
        Bundle configAdmin = systemBundle(bundles, "org.apache.felix.configadmin");
        Bundle metatype = systemBundle(bundles, "org.apache.felix.metatype");
        configAdmin.start();
        metatype.start();
        MetaTypes metaTypes = MetaTypes.of(context, metatype);

        // Every section of a bundle in system/ is checked now: a wrong key stops the start.
        Map<String, SectionSchema> declared = new LinkedHashMap<>();
        for (Bundle bundle : bundles) {
            declared.putAll(metaTypes.sectionsOf(bundle));
        }
        Map<String, Hashtable<String, Object>> configurations = new LinkedHashMap<>();
        Map<String, JsonNode> pending = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> section : config.sections().entrySet()) {
            String name = section.getKey();
            SectionSchema schema = declared.get(name);
            if (schema != null) {
                try {
                    configurations.put(HearthConfig.PID_PREFIX + name, SectionCheck.check(name, section.getValue(), schema));
                } catch (SectionCheck.Problem problem) {
                    throw new StartupFailure(problem.line(config.file()));
                }
            } else if (!section.getValue().isObject()) {
                throw new StartupFailure(config.file() + ": " + name + ": unknown key");
            } else if (ConfigSchema.nearest(name, declared.keySet()) != null) {
                throw new StartupFailure(config.file() + ": " + name + ": unknown section (did you mean '"
                        + ConfigSchema.nearest(name, declared.keySet()) + "'?)");
            } else {
                pending.put(name, section.getValue());
                LOG.info("Section {}: no bundle declares it yet; kept for the bundle that will", name);
            }
        }
        configurations.put(HearthConfig.SERVER_PID, config.serverProperties());
        ConfigFeed feed = new ConfigFeed(context, configAdmin);
        configurations.forEach(feed::update);
        context.addBundleListener(new BundleSections(config.file(), metaTypes, pending, feed::update));
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    private static Bundle systemBundle(List<Bundle> bundles, String symbolicName) throws BundleException {
        return bundles.stream()
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst()
                .orElseThrow(() -> new BundleException("system/ has no " + symbolicName + " bundle"));
    }

    /**
     * Hands sections to ConfigAdmin. The launcher sits outside the framework and must not share
     * the ConfigAdmin API classes with it, so the calls go through the bundle's own classes.
     */
    private static final class ConfigFeed {
        private final Object admin;
        private final Method get;
        private final Method update;

        ConfigFeed(BundleContext context, Bundle configAdmin) throws BundleException {
            ServiceReference<?> ref = awaitService(context, CONFIG_ADMIN);
            if (ref == null) {
                throw new BundleException("ConfigurationAdmin service is missing (bundle "
                        + configAdmin.getSymbolicName() + " in state " + configAdmin.getState() + ")");
            }
            // Held for the framework's life: late sections are handed over when their bundle arrives.
            admin = context.getService(ref);
            try {
                Class<?> adminType = configAdmin.loadClass(CONFIG_ADMIN);
                Class<?> configType = configAdmin.loadClass("org.osgi.service.cm.Configuration");
                get = adminType.getMethod("getConfiguration", String.class, String.class);
                update = configType.getMethod("update", Dictionary.class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                throw new BundleException("Cannot hand the configuration to ConfigAdmin", e);
            }
        }

        void update(String pid, Hashtable<String, Object> properties) {
            try {
                update.invoke(get.invoke(admin, pid, "?"), properties);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot hand " + pid + " to ConfigAdmin", e);
            }
        }
    }

    /**
     * The Declarative Services components of the given bundles that failed to activate, as
     * "component (bundle): failure" (OSGi Compendium 112.10,
     * {@code ComponentConfigurationDTO.FAILED_ACTIVATION}), read from SCR's runtime service by
     * reflection, as ConfigAdmin is (no API classes shared).
     */
    List<String> failedComponents(Set<String> bundles) {
        BundleContext context = framework.getBundleContext();
        ServiceReference<?> ref = context.getServiceReference(SCR_RUNTIME);
        Object scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return List.of();
        }
        List<String> failed = new ArrayList<>();
        try {
            Method descriptions = scr.getClass().getMethod("getComponentDescriptionDTOs", Bundle[].class);
            for (Object description : asList(descriptions.invoke(scr, (Object) new Bundle[0]))) {
                Method configurations = scr.getClass().getMethod("getComponentConfigurationDTOs",
                        description.getClass());
                for (Object configuration : asList(configurations.invoke(scr, description))) {
                    Object bundle = description.getClass().getField("bundle").get(description);
                    Object name = bundle.getClass().getField("symbolicName").get(bundle);
                    if (bundles.contains(name)
                            && configuration.getClass().getField("state").getInt(configuration) == FAILED_ACTIVATION) {
                        Object failure = configuration.getClass().getField("failure").get(configuration);
                        failed.add(description.getClass().getField("name").get(description) + " (bundle " + name
                                + "): " + rootCause(String.valueOf(failure)));
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            LOG.warn("Cannot read the state of the components: {}", e.toString());
        } finally {
            context.ungetService(ref);
        }
        return failed;
    }

    /**
     * The message of the innermost "Caused by" of a stack trace SCR recorded as text (else of its
     * first line), without the exception's class name.
     */
    private static String rootCause(String trace) {
        String cause = trace.lines().findFirst().orElse("no reason given");
        for (String line : (Iterable<String>) trace.lines()::iterator) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
    }

    private static Iterable<?> asList(Object collectionOrArray) {
        return collectionOrArray instanceof Object[] array ? List.of(array) : (Iterable<?>) collectionOrArray;
    }

    /** ConfigAdmin may register its service from its own thread, a moment after it starts. */
    private static ServiceReference<?> awaitService(BundleContext context, String name) throws BundleException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, name, null);
        tracker.open(true);
        try {
            tracker.waitForService(10_000);
            // All services, not only those whose class the launcher could see: the launcher must
            // not share the API classes with the framework (see feed).
            return tracker.getServiceReference();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("Interrupted while waiting for " + name, e);
        } finally {
            tracker.close();
        }
    }

    void stop() {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            LOG.warn("The container did not stop cleanly", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the framework has stopped, for the command-line server. */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** The framework's bundles, for diagnostics. */
    Bundle[] bundles() {
        return framework.getBundleContext().getBundles();
    }
}
