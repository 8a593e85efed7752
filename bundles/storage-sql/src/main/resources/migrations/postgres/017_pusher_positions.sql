-- Each pusher's delivery position (PushStore.PusherProgress): its user's notifications up to this
-- stream position were delivered to it or given up on, so each pusher is delivered on its own and
-- a restart goes on where it left off. Existing pushers start at the newest notification: what
-- the server before this one delivered, or dropped, is not sent again.
ALTER TABLE pushers ADD COLUMN delivered_up_to BIGINT NOT NULL DEFAULT 0;

UPDATE pushers SET delivered_up_to = (SELECT COALESCE(MAX(stream_position), 0) FROM push_notifications);
