/**
 * Storage contracts. Bundle {@code org.hearth.storage.sql} implements them on PostgreSQL and
 * SQLite; core and other bundles consume them as OSGi services.
 *
 * <p>Each method is one database transaction: when it returns, what it wrote is durable; when it
 * throws {@link org.hearth.api.store.StoreException}, it wrote nothing.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.store;
