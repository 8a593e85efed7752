-- The device that set each pusher: deleting a device (logout, password change, DELETE /devices)
-- deletes its pushers, so a phone no longer signed in is not woken. Older pushers have none.
ALTER TABLE pushers ADD COLUMN device_id TEXT;

CREATE INDEX pushers_device ON pushers (user_id, device_id);
