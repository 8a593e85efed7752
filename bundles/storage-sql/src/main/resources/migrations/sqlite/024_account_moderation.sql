-- Account moderation (Client-Server API "Account locking", v1.12, and "Account suspension", v1.13),
-- both reversible, both leaving the sessions in place. A locked account can do nothing but log out;
-- a suspended one can read and leave but not join, invite, send or change its profile.
ALTER TABLE accounts ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
