package org.hearth.api.data;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's database, for tables that belong to one bundle. Provided by the storage bundle
 * ({@code org.hearth.storage.sql}) over its connection pool; plain JDBC.
 *
 * <p>Rules for a bundle that uses it:
 * <ul>
 *   <li>Its tables are named after its owner name: the media bundle (owner {@code media}) has
 *       {@code media_files}, {@code media_thumbnails}… It creates them with {@link #migrate}, and
 *       only it reads and writes them.</li>
 *   <li>It never touches core's tables (accounts, rooms, events…): those are reached through
 *       core's services, so nothing goes around the auth rules, policies and caches.</li>
 *   <li>SQL runs on SQLite and PostgreSQL: write what both accept, or check {@link #dialect()}.</li>
 * </ul>
 *
 * <pre>{@code
 * @Activate
 * public MediaIndex(@Reference BundleDatabase db) {
 *     db.migrate("media", MediaIndex.class.getClassLoader(), "media-migrations");
 *     long count = db.read(c -> { try (var s = c.createStatement(); var r = s.executeQuery(
 *             "SELECT COUNT(*) FROM media_files")) { r.next(); return r.getLong(1); } });
 * }
 * }</pre>
 */
@ProviderType
public interface BundleDatabase {
    /** {@link #dialect()} of an SQLite database. */
    String SQLITE = "sqlite";
    /** {@link #dialect()} of a PostgreSQL database. */
    String POSTGRES = "postgres";

    /** {@value #SQLITE} or {@value #POSTGRES}. */
    String dialect();

    /**
     * Brings the owner's tables to the newest schema its scripts describe. The scripts are
     * {@code <folder>/<dialect>/NNN_<name>.sql} among the resources of the bundle whose class
     * loader is given, numbered from 001 without gaps; each is applied once, in its own
     * transaction, and recorded under the owner's name. A script holds statements ended by
     * {@code ;} and whole-line {@code --} comments.
     *
     * @param owner  the bundle's table prefix: lower-case letters, digits and {@code _}
     * @throws IllegalStateException when the database records a version newer than the scripts
     *                               (a newer bundle ran here), or the scripts are not numbered 1..n
     * @throws DataException         when a script fails; that script left nothing behind
     */
    void migrate(String owner, ClassLoader loader, String folder);

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws.
     * The connection is the work's only for the call; do not keep it.
     *
     * @throws DataException when the database fails (the message names the SQL state, never values)
     */
    <T> T transaction(SqlWork<T> work);

    /** Runs reads on a connection in auto-commit mode: one statement, or reads that may see different moments. */
    <T> T read(SqlWork<T> work);
}
