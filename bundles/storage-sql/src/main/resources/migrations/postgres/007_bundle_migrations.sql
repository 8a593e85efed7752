-- How far each bundle's own tables are migrated (BundleDatabase.migrate): one row per applied
-- script of an owner (the bundle's table prefix, such as "media").
CREATE TABLE bundle_migrations (
    owner      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    applied_at BIGINT  NOT NULL,
    PRIMARY KEY (owner, version)
);
