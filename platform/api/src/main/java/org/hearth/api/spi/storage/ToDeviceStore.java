package org.hearth.api.spi.storage;

import java.util.List;
import java.util.OptionalLong;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Send-to-device messages waiting for their devices (Client-Server API, "Send-to-Device
 * messaging"), in a stream of positions of their own (the {@code d} part of a sync token).
 * Positions commit in order: every message at or below {@link #currentPosition} is visible.
 * Deleting a device through {@link DeviceStore#deleteDevices} deletes its messages.
 */
@ConsumerType
public interface ToDeviceStore {

    /**
     * Queues one request's messages in one transaction, all at one new position, unless the
     * sending device already used the transaction ID (then nothing is written). A recipient device
     * {@code *} means every device the user has now; a message for a device that does not exist is
     * dropped; a device named both explicitly and through {@code *} gets the explicit message.
     * Transaction IDs older than {@code forgetTxnBefore} (ms since the epoch) are forgotten.
     *
     * @return the position, or empty when the transaction ID was used already
     */
    OptionalLong enqueue(UserId sender, String senderDevice, String txnId, String type, List<Recipient> recipients,
                         long now, long forgetTxnBefore);

    /** One message: its recipient device (or {@code *}) and its content as JSON. */
    record Recipient(UserId userId, String deviceId, String contentJson) {}

    /** The highest position handed out, or 0. */
    long currentPosition();

    /** The device's messages at positions in (after, upTo], oldest first, at most {@code limit}. */
    List<Message> pending(UserId userId, String deviceId, long after, long upTo, int limit);

    /** A queued message. */
    record Message(long position, UserId sender, String type, String contentJson) {}

    /** Deletes the device's messages at positions up to {@code upTo}: the device has received them. */
    void acknowledge(UserId userId, String deviceId, long upTo);
}
