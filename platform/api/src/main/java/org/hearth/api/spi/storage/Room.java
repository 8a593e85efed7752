package org.hearth.api.spi.storage;

/**
 * A room this server knows.
 *
 * @param version   the room version ID, such as "12"
 * @param published whether it is listed in this server's public room directory
 */
public record Room(String roomId, String version, String creator, long createdAt, boolean published) {
}
