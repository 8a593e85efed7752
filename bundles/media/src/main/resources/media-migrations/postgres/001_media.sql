-- The media repository's index (bundle org.hearth.media, owner "media"). The bytes are files
-- named by their SHA-256 (content_hash) in the media store; these tables say what they are.

-- One row per media ID. A row from POST /_matrix/media/v1/create is pending (uploaded_at NULL)
-- until its upload, or until unused_expires_at passes.
CREATE TABLE media_items (
    media_id          TEXT   PRIMARY KEY,
    uploader          TEXT   NOT NULL,
    created_at        BIGINT NOT NULL,
    unused_expires_at BIGINT,
    uploaded_at       BIGINT,
    content_hash      TEXT,
    size              BIGINT,
    content_type      TEXT,
    filename          TEXT
);
CREATE INDEX media_items_by_uploader ON media_items (uploader, uploaded_at);

-- Thumbnails made on demand, one per (media, size and method of the configured list).
CREATE TABLE media_thumbnails (
    media_id     TEXT    NOT NULL REFERENCES media_items (media_id) ON DELETE CASCADE,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (media_id, width, height, method)
);
