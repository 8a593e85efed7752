/**
 * The storage SPI: for storage bundles and core only. Bundle {@code org.hearth.storage.sql}
 * implements it on PostgreSQL and SQLite; core alone consumes it. Every other bundle reaches data
 * through core's services ({@code org.hearth.api.room}, {@code org.hearth.api.auth.UserAdmin}),
 * so that nothing goes around the auth rules, policies, signing, notification and session cache.
 *
 * <p>The export carries the mandatory attribute {@code hearth.spi=storage}: a bundle resolves
 * against it only if its import states that attribute, which only core and storage bundles do
 * ({@code Import-Package: org.hearth.api.spi.storage;hearth.spi=storage}). An ordinary import of
 * this package does not resolve.
 *
 * <p>Each method is one database transaction: when it returns, what it wrote is durable; when it
 * throws {@link org.hearth.api.spi.storage.StoreException}, it wrote nothing.
 */
@org.osgi.annotation.versioning.Version("0.19.0")
package org.hearth.api.spi.storage;
