package org.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.cfg.PackageVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassPathExportsTest {
    @Test
    void jacksonIsExportedAsItsJarsExportIt() {
        List<String> clauses = ClassPathExports.packages();
        assertEquals(3, clauses.size(), "core, databind and annotations");
        String all = String.join(",", clauses);
        String version = PackageVersion.VERSION.toString();
        assertTrue(all.contains("com.fasterxml.jackson.databind;version=\"" + version + "\""), all);
        assertTrue(all.contains("com.fasterxml.jackson.core;version=\"" + version + "\""), all);
        assertTrue(all.contains("com.fasterxml.jackson.annotation;version=\""), all);
    }
}
