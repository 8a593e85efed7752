package org.hearth.launcher;

import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line for each bundle installed, updated or removed through the deploy directory. */
final class DeployLog implements SynchronousBundleListener {
    private static final Logger LOG = LoggerFactory.getLogger("hearth.deploy");
    private final String deployUri;
    private final String deployPath;

    DeployLog(Path deployDir) {
        this.deployUri = deployDir.toUri().toString();
        this.deployPath = deployDir.toString();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        String location = bundle.getLocation();
        if (!location.contains(deployPath) && !location.startsWith(deployUri)) {
            return;
        }
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.UNINSTALLED -> "removed";
            default -> null;
        };
        if (what != null) {
            LOG.info("Bundle {} {} {} from {}", what, bundle.getSymbolicName(), bundle.getVersion(), location);
        }
    }
}
