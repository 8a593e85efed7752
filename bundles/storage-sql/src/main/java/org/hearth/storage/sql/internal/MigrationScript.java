package org.hearth.storage.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One numbered migration script.
 *
 * @param version  the schema version it brings its tables to
 * @param name     its file name without {@code .sql}, for the log
 * @param resource where its text is, or null when it is missing (an error when it is applied)
 */
record MigrationScript(int version, String name, URL resource) {

    /** A script holds statements ended by ';' (never inside one) and whole-line "--" comments. */
    List<String> statements() {
        if (resource == null) {
            throw new IllegalStateException("migration script " + name + ".sql is missing from the bundle");
        }
        String text;
        try (InputStream in = resource.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + name + ".sql", e);
        }
        StringBuilder code = new StringBuilder();
        text.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> code.append(line).append('\n'));
        List<String> statements = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
