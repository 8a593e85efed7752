-- Media of other servers fetched over federation (Server-Server API, "Content Repository"),
-- kept so that the next download is served from here. Indexed by where they come from: a media ID
-- is unique only on its origin server. The bytes are in the same content-addressed store.
CREATE TABLE media_remote (
    origin       TEXT   NOT NULL,
    media_id     TEXT   NOT NULL,
    fetched_at   BIGINT NOT NULL,
    content_hash TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    content_type TEXT   NOT NULL,
    filename     TEXT,
    PRIMARY KEY (origin, media_id)
);

-- Thumbnails of remote media, made here from the fetched original as for local media.
CREATE TABLE media_remote_thumbnails (
    origin       TEXT    NOT NULL,
    media_id     TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (origin, media_id, width, height, method),
    FOREIGN KEY (origin, media_id) REFERENCES media_remote (origin, media_id) ON DELETE CASCADE
);
