-- Which account stands for an identity at an external provider (ExternalIdStore), such as an
-- LDAP entry's stable ID. Accounts are deactivated, never deleted: a deactivated account keeps
-- its links until the provider unlinks them. Should an account row be deleted all the same (by
-- hand), its links go with it, as its devices do.
-- No index of its own on provider: the primary key's index leads with it and serves all(provider).

CREATE TABLE external_ids (
    provider    TEXT NOT NULL,
    external_id TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (provider, external_id)
);
