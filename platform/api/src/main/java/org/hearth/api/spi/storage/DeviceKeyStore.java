package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The identity keys each device uploads (Client-Server API, "Uploading keys"). A device's keys
 * go with the device: deleting it through {@link DeviceStore#deleteDevices} deletes them.
 */
@ConsumerType
public interface DeviceKeyStore {

    /** The device keys JSON the device uploaded last, if any. */
    Optional<String> deviceKeys(UserId userId, String deviceId);

    /**
     * Stores the device's keys (replacing earlier ones) and, in the same transaction, records a
     * device-list change of the user seen by everyone who shares a room with them
     * ({@link DeviceListStore}). When the keys replace different ones, the cross-signing
     * signatures made over the old keys are deleted.
     *
     * @return false when the device does not exist (nothing is stored)
     */
    boolean putDeviceKeys(UserId userId, String deviceId, String keysJson);

    /**
     * The keys of existing devices that uploaded some: for each user, the listed devices, or all
     * of them for an empty list.
     */
    List<DeviceKeys> deviceKeys(Map<UserId, ? extends Collection<String>> devicesByUser);

    /** A device's uploaded keys and the display name its user gave it (null when none). */
    record DeviceKeys(UserId userId, String deviceId, String keysJson, String displayName) {}
}
