/**
 * The SQL implementation of the account, device, external-ID, room, event and user data stores, private to bundle
 * {@code org.hearth.storage.sql}: {@link org.hearth.storage.sql.internal.Database} opens the pool
 * and applies the schema migrations, the stores run MyBatis mappers through it;
 * {@link org.hearth.storage.sql.internal.SqlBundleDatabase} lends its connections to bundles for their
 * own tables, migrated by the same {@link org.hearth.storage.sql.internal.MigrationRunner}.
 */
package org.hearth.storage.sql.internal;
