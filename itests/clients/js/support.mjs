// What the scripts share: registering a user, and waiting for what a client should see.
import * as sdk from "matrix-js-sdk";

/** Registers a user (dummy auth); a client of their new device, not started yet. */
export async function register(baseUrl, name) {
  const anonymous = sdk.createClient({ baseUrl });
  const r = await anonymous.registerRequest({ username: name, password: "pw " + name, auth: { type: "m.login.dummy" } });
  return { client: sdk.createClient({ baseUrl, accessToken: r.access_token, userId: r.user_id, deviceId: r.device_id }),
    userId: r.user_id, deviceId: r.device_id, password: "pw " + name };
}

/** Resolves once check() (which may be async) holds, looked at every `every` ms; rejects after `ms`. */
export function until(what, check, ms = 40_000, every = 25) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = async () => {
      try {
        if (await check()) return resolve();
      } catch (e) {
        return reject(e);
      }
      if (Date.now() - started > ms) return reject(new Error("waited too long for " + what));
      setTimeout(tick, every);
    };
    tick();
  });
}

/** The bodies of the room's messages the client of `who` could decrypt, in timeline order. */
export function decrypted(who, roomId) {
  const room = who.client.getRoom(roomId);
  if (!room) return [];
  return room.getLiveTimeline().getEvents()
    .filter((e) => e.isEncrypted() && !e.isDecryptionFailure() && e.getType() === "m.room.message")
    .map((e) => e.getContent().body);
}
