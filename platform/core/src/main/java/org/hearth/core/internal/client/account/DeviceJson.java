package org.hearth.core.internal.client.account;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hearth.api.spi.storage.Device;

/** A device as the device endpoints show it (Client-Server API, "Device management"). */
final class DeviceJson {
    private DeviceJson() {
    }

    static Map<String, Object> of(Device device) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("device_id", device.deviceId());
        json.put("display_name", device.displayName());
        json.put("last_seen_ip", device.lastSeenIp());
        json.put("last_seen_ts", device.lastSeenAt());
        json.values().removeIf(java.util.Objects::isNull);
        return json;
    }
}
