/**
 * End-to-end encryption, server side (Client-Server API, "End-to-End Encryption",
 * "Send-to-Device messaging", "Server-side key backups"): the server never sees plaintext; it
 * stores and routes device keys, one-time and fallback keys, cross-signing keys and signatures,
 * to-device messages and encrypted key backups exactly as clients expect, and tells each device
 * through {@code /sync} whose device lists changed.
 *
 * <ul>
 *   <li>{@link org.hearth.core.internal.e2ee.KeyUploads}, {@link org.hearth.core.internal.e2ee.KeyQueries},
 *       {@link org.hearth.core.internal.e2ee.KeyClaims}: {@code /keys/upload}, {@code /query}, {@code /claim}.</li>
 *   <li>{@link org.hearth.core.internal.e2ee.CrossSigning}: cross-signing keys and signatures.</li>
 *   <li>{@link org.hearth.core.internal.e2ee.DeviceLists}: who sees whose device-list changes,
 *       and waking their long polls.</li>
 *   <li>{@link org.hearth.core.internal.e2ee.ToDeviceMessages} and
 *       {@link org.hearth.core.internal.e2ee.EncryptionSync}: to-device messages and the
 *       encryption parts of {@code /sync}.</li>
 *   <li>{@link org.hearth.core.internal.e2ee.KeyBackups}: server-side key backups.</li>
 * </ul>
 *
 * <p>Every input is bounded ({@link org.hearth.core.internal.e2ee.Limits}). Requests about users
 * of other servers cannot be answered without federation: their servers are reported in
 * {@code failures} and their to-device messages dropped.
 */
package org.hearth.core.internal.e2ee;
