package org.hearth.itest;

import java.nio.file.Path;

/** The bundles built for tests (itests/echo-bundle), copied by Maven into target/test-bundles. */
public final class TestBundles {
    private TestBundles() {
    }

    public static Path echo() {
        return Path.of(System.getProperty("hearth.test.bundles", "target/test-bundles"), "hearth-echo-bundle.jar");
    }
}
