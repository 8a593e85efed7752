// End-to-end encryption across two servers with matrix-js-sdk and its Rust crypto: Alice on one
// server, Bob on another, an encrypted room; each decrypts the other. Everything the clients need
// crosses federation: device lists and keys (/user/keys/query), one-time keys (/user/keys/claim),
// room keys as to-device messages (m.direct_to_device), the events themselves.
// Usage: node encryption-federated.mjs BASE_URL_A BASE_URL_B PREFIX
// Prints one JSON line with what each side decrypted; exits 1 on failure or after 230 s (two servers
// on a loaded test machine).
import * as sdk from "matrix-js-sdk";
import { decrypted, until } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("error");
const print = (line) => process.stdout.write(line + "\n");
console.log = console.info = console.debug = console.trace = (...args) => process.stderr.write(args.join(" ") + "\n");
const [baseA, baseB, prefix] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out after 230 s")), 230_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "", e.stack ?? "");
  process.exit(1);
}

async function register(baseUrl, name) {
  const anonymous = sdk.createClient({ baseUrl });
  const login = await anonymous.registerRequest({ username: name, password: "pw " + name, auth: { type: "m.login.dummy" } });
  const client = sdk.createClient({ baseUrl, accessToken: login.access_token, userId: login.user_id, deviceId: login.device_id });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;
  return { client, userId: login.user_id };
}

/**
 * Waits until the client's crypto knows the room is encrypted, as a client's composer would before
 * it lets one send: the crypto learns it from the room's m.room.encryption state, handled after
 * the sync that brought it. A server that never sends that state fails here, with what it sends.
 */
async function encryptionKnown(who, roomId) {
  await until(who.userId + "'s client to know the room is encrypted",
    () => who.client.getCrypto().isEncryptionEnabledInRoom(roomId), 60_000)
    .catch(async (e) => {
      const sync = await who.client.http.authedRequest(sdk.Method.Get, "/sync", { timeout: "0", full_state: "true" });
      const room = sync.rooms?.join?.[roomId];
      throw new Error(e.message + "; the room's state types in a full-state sync: "
        + JSON.stringify((room?.state?.events ?? []).map((ev) => ev.type)));
    });
}

/** Why each encrypted event of the room could not be decrypted, for the failure message. */
function failures(who, roomId) {
  const room = who.client.getRoom(roomId);
  if (!room) return [];
  return room.getLiveTimeline().getEvents().filter((e) => e.isDecryptionFailure())
    .map((e) => e.decryptionFailureReason ?? e.getContent().body);
}

async function main() {
  const alice = await register(baseA, prefix + "alice");
  const bob = await register(baseB, prefix + "bob");

  const { room_id: roomId } = await alice.client.createRoom({
    name: "encrypted across servers", invite: [bob.userId],
    initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
  });
  await until("bob's invite over federation", () => bob.client.getRoom(roomId)?.getMyMembership() === "invite", 60_000);
  await bob.client.joinRoom(roomId);
  const members = (who) => JSON.stringify(who.client.getRoom(roomId)?.getMembers().map((m) => [m.userId, m.membership]));
  await until("alice to see bob join", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "join", 60_000)
    .catch((e) => { throw new Error(e.message + "; alice sees " + members(alice)); });
  await until("bob to see alice", () => bob.client.getRoom(roomId)?.getMember(alice.userId)?.membership === "join", 60_000)
    .catch(async (e) => {
      const sync = await bob.client.http.authedRequest(sdk.Method.Get, "/sync", { timeout: "0" });
      const joined = await bob.client.http.authedRequest(sdk.Method.Get, "/rooms/" + encodeURIComponent(roomId) + "/joined_members");
      throw new Error(e.message + "; bob sees " + members(bob) + "; his server's sync: "
        + JSON.stringify(sync.rooms?.join?.[roomId]) + "; joined_members: " + JSON.stringify(joined));
    });

  await encryptionKnown(alice, roomId);
  await alice.client.sendMessage(roomId, { msgtype: "m.text", body: "secret from alice" });
  await until("bob to decrypt alice's message", () => decrypted(bob, roomId).includes("secret from alice"), 60_000)
    .catch((e) => { throw new Error(e.message + "; bob's failures: " + JSON.stringify(failures(bob, roomId))); });
  await encryptionKnown(bob, roomId);
  await bob.client.sendMessage(roomId, { msgtype: "m.text", body: "secret from bob" });
  await until("alice to decrypt bob's message", () => decrypted(alice, roomId).includes("secret from bob"), 60_000)
    .catch((e) => { throw new Error(e.message + "; alice's failures: " + JSON.stringify(failures(alice, roomId))); });

  print(JSON.stringify({ roomId, bobSawFromAlice: decrypted(bob, roomId), aliceSawFromBob: decrypted(alice, roomId) }));
  for (const who of [alice, bob]) who.client.stopClient();
  clearTimeout(deadline);
  process.exit(0); // the SDK keeps timers of its own alive after stopClient
}

main().catch(fail);
