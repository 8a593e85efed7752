-- Cursors of the durable event stream (StreamCursorStore): the last stream position each
-- consumer acknowledged, so a consumer resumes there after a restart or a redeploy.

CREATE TABLE stream_cursors (
    consumer   TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
