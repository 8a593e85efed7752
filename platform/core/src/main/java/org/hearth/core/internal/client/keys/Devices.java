package org.hearth.core.internal.client.keys;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;

/** Keys belong to a device: an application service acting without one has none to upload or sync. */
final class Devices {
    private Devices() {
    }

    static void require(Requester requester) throws MatrixException {
        if (requester.deviceId() == null) {
            throw MatrixException.invalidParam("This access token has no device");
        }
    }
}
