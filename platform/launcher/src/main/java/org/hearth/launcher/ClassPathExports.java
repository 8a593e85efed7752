package org.hearth.launcher;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The packages of the launcher's own class path that the system bundle exports to every bundle,
 * as their jars' manifests export them (same versions, same {@code uses}), so that no bundle
 * carries a second copy.
 *
 * <p>Jackson: the launcher reads the configuration with it before the framework starts. Installed
 * as bundles too, the 200 of its classes that a start loads were loaded twice: an idle server held
 * about 5 MB more, and its class data archive 2 MB more.
 */
final class ClassPathExports {
    /** One class of each jar whose packages are shared. */
    private static final List<Class<?>> JARS = List.of(JsonFactory.class, ObjectMapper.class, JsonProperty.class);

    private ClassPathExports() {
    }

    /** The {@code Export-Package} clauses of the shared jars, for {@code org.osgi.framework.system.packages.extra}. */
    static List<String> packages() {
        return JARS.stream().map(ClassPathExports::exportPackage).toList();
    }

    private static String exportPackage(Class<?> member) {
        Path jar;
        try {
            jar = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the jar of " + member.getName() + " has no path", e);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            String exports = file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue("Export-Package");
            if (exports == null) {
                throw new IllegalStateException(jar + " exports no package: it is not the bundle Hearth was built with");
            }
            return exports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }
}
