package org.hearth.storage.sql.internal;

import org.hearth.api.spi.storage.PushStore.Pusher;
import org.hearth.api.spi.storage.PushStore.PusherProgress;

/** A row of {@code pushers} with its delivery position, as {@link PushMapper} reads it. */
record PusherRow(String userId, String appId, String pushkey, String kind, String appDisplayName,
                 String deviceDisplayName, String profileTag, String lang, String dataJson, long ts,
                 String deviceId, long deliveredUpTo) {

    PusherProgress progress() {
        return new PusherProgress(new Pusher(userId, appId, pushkey, kind, appDisplayName, deviceDisplayName,
                profileTag, lang, dataJson, ts, deviceId), deliveredUpTo);
    }
}
