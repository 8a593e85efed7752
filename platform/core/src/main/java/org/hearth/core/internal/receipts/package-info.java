/**
 * Read receipts and read markers (Client-Server API, "Receipts", "Fully read markers"):
 * {@link org.hearth.core.internal.receipts.Receipts} checks and stores them,
 * {@link org.hearth.core.internal.receipts.ReceiptsSync} puts them into {@code /sync} as the
 * {@code m.receipt} ephemeral event, private receipts to their owner only.
 */
package org.hearth.core.internal.receipts;
