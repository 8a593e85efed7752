-- The user agent of a device's last request, beside its time and address (Client-Server API,
-- GET /admin/whois: each connection's ip, last_seen and user_agent).
ALTER TABLE devices ADD COLUMN last_seen_user_agent TEXT;
