/**
 * The SQL implementation of the account, device and external-ID stores, private to bundle
 * {@code org.hearth.storage.sql}: {@link org.hearth.storage.sql.internal.Database} opens the pool
 * and applies the schema migrations, the stores run MyBatis mappers through it.
 */
package org.hearth.storage.sql.internal;
