package org.hearth.core.internal.e2ee;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code e2ee:} section of {@code conf/hearth.yaml} (PID {@code hearth.e2ee}).
 *
 * <p>{@code verify_device_keys} (default true): {@code /keys/upload} accepts device keys only when
 * they carry the device's Ed25519 key and are signed by it, as the spec requires of clients
 * ("Uploading keys"). Test suites that upload placeholder keys (SyTest) turn it off; real clients
 * always sign.
 */
@Component(service = EncryptionSettings.class, configurationPid = "hearth.e2ee",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EncryptionConfig.class)
public class EncryptionSettings {
    private final boolean verifyDeviceKeys;

    @Activate
    public EncryptionSettings(EncryptionConfig config) {
        verifyDeviceKeys = config.verify__device__keys();
    }

    public boolean verifyDeviceKeys() {
        return verifyDeviceKeys;
    }
}
