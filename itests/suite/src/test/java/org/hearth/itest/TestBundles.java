package org.hearth.itest;

import java.nio.file.Path;

/** The bundles built for tests (itests/echo-bundle), copied by Maven into target/test-bundles. */
final class TestBundles {
    private TestBundles() {
    }

    static Path echo() {
        return Path.of(System.getProperty("hearth.test.bundles", "target/test-bundles"), "hearth-echo-bundle.jar");
    }
}
