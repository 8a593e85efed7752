-- The device lists of users of other servers (RemoteDeviceListStore): the answer of their server
-- to GET /user/devices as core keeps it (devices with keys and names, master and self-signing
-- keys), with the stream ID of the last update applied, for prev_id checks of
-- m.device_list_update EDUs.

CREATE TABLE remote_device_lists (
    user_id   TEXT NOT NULL PRIMARY KEY,
    stream_id INTEGER NOT NULL,
    json      TEXT NOT NULL
) STRICT;
