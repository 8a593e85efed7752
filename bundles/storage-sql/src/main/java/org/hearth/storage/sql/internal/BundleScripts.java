package org.hearth.storage.sql.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * Finds a bundle's migration scripts, {@code <folder>/<dialect>/NNN_<name>.sql}. Inside the
 * framework the bundle's own entries are listed (a class loader cannot list them); outside it
 * (unit tests) a folder on the class path.
 */
final class BundleScripts {
    private static final Pattern NAME = Pattern.compile("(\\d{3})_[A-Za-z0-9_]+\\.sql");

    private BundleScripts() {
    }

    static List<MigrationScript> find(ClassLoader loader, String folder, Dialect dialect) {
        String path = trimSlashes(folder) + "/" + dialect.databaseId();
        List<URL> urls = loader instanceof BundleReference reference
                ? entries(reference.getBundle(), path)
                : classPathFolder(loader, path);
        List<MigrationScript> scripts = new ArrayList<>();
        for (URL url : urls) {
            String file = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            Matcher name = NAME.matcher(file);
            if (!name.matches()) {
                throw new IllegalStateException("migration script " + path + "/" + file
                        + " is not named NNN_<name>.sql");
            }
            scripts.add(new MigrationScript(Integer.parseInt(name.group(1)), file.substring(0, file.length() - 4), url));
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no migration scripts in " + path);
        }
        scripts.sort(Comparator.comparingInt(MigrationScript::version));
        return scripts;
    }

    private static List<URL> entries(Bundle bundle, String path) {
        var found = bundle.findEntries(path, "*.sql", false);
        return found == null ? List.of() : Collections.list(found);
    }

    private static List<URL> classPathFolder(ClassLoader loader, String path) {
        URL folder = loader.getResource(path);
        if (folder == null) {
            return List.of();
        }
        if (!"file".equals(folder.getProtocol())) {
            throw new IllegalStateException("cannot list migration scripts in " + folder);
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            List<URL> urls = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                urls.add(file.toUri().toURL());
            }
            return urls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trimSlashes(String folder) {
        String f = folder;
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }
}
