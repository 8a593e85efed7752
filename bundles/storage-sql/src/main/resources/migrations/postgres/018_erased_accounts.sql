-- Accounts whose owner asked for their content to be erased (Client-Server API,
-- POST /account/deactivate with erase): readers serve redacted copies of their events to users
-- who could not see them before.

ALTER TABLE accounts ADD COLUMN erased BOOLEAN NOT NULL DEFAULT FALSE;
