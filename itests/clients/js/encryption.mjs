// End-to-end encryption with matrix-js-sdk and its Rust crypto (@matrix-org/matrix-sdk-crypto-wasm),
// nothing of Hearth's own: Alice and Bob talk in an encrypted room and each decrypts the other;
// Alice sets up cross-signing, secret storage and a key backup; her second device then trusts the
// first through cross-signing and restores the backup to read the messages sent before it existed.
// Usage: node encryption.mjs BASE_URL PREFIX
// Prints one JSON line with what each side saw; exits 1 on failure or after 110 s.
import * as sdk from "matrix-js-sdk";
import { decrypted, until } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("error");
// The Rust crypto logs through console; standard output carries the result line only.
const print = (line) => process.stdout.write(line + "\n");
console.log = console.info = console.debug = console.trace = (...args) => process.stderr.write(args.join(" ") + "\n");
const [baseUrl, prefix] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out after 110 s")), 110_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "", e.stack ?? "");
  process.exit(1);
}


/** The secret storage key of Alice's account, once she has made it; her devices read 4S with it. */
let recoveryKey = null;
const cryptoCallbacks = {
  getSecretStorageKey: async ({ keys }) => {
    const keyId = Object.keys(keys).find((id) => recoveryKey && id === recoveryKey.keyId) ?? Object.keys(keys)[0];
    return [keyId, recoveryKey.privateKey];
  },
};

async function start(login, password) {
  const client = sdk.createClient({
    baseUrl, accessToken: login.access_token, userId: login.user_id, deviceId: login.device_id, cryptoCallbacks,
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;
  return { client, crypto: client.getCrypto(), userId: login.user_id, deviceId: login.device_id, password };
}

async function register(name) {
  const password = "pw " + name;
  const anonymous = sdk.createClient({ baseUrl });
  const login = await anonymous.registerRequest({ username: name, password, auth: { type: "m.login.dummy" } });
  return start(login, password);
}

async function loginAgain(who) {
  const anonymous = sdk.createClient({ baseUrl });
  const login = await anonymous.loginRequest({
    type: "m.login.password", identifier: { type: "m.id.user", user: who.userId }, password: who.password,
  });
  return start(login, who.password);
}

async function main() {
  const alice = await register(prefix + "alice");
  const bob = await register(prefix + "bob");

  // Cross-signing first (no password needed for the first keys), then secret storage holding the
  // private cross-signing keys and a new key backup's decryption key.
  await alice.crypto.bootstrapCrossSigning({
    authUploadDeviceSigningKeys: async (makeRequest) => {
      await makeRequest({ type: "m.login.password", identifier: { type: "m.id.user", user: alice.userId }, password: alice.password });
    },
  });
  recoveryKey = await alice.crypto.createRecoveryKeyFromPassphrase();
  await alice.crypto.bootstrapSecretStorage({ createSecretStorageKey: async () => recoveryKey, setupNewKeyBackup: true });
  await until("alice's backup to be active", async () => (await alice.crypto.getActiveSessionBackupVersion()) !== null);
  const backupVersion = await alice.crypto.getActiveSessionBackupVersion();

  const { room_id: roomId } = await alice.client.createRoom({
    name: "encrypted", invite: [bob.userId],
    initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
  });
  await until("bob's invite", () => bob.client.getRoom(roomId)?.getMyMembership() === "invite");
  await bob.client.joinRoom(roomId);
  await until("alice to see bob join", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "join");

  await alice.client.sendMessage(roomId, { msgtype: "m.text", body: "secret from alice" });
  await until("bob to decrypt alice's message", () => decrypted(bob, roomId).includes("secret from alice"));
  await bob.client.sendMessage(roomId, { msgtype: "m.text", body: "secret from bob" });
  await until("alice to decrypt bob's message", () => decrypted(alice, roomId).includes("secret from bob"));

  // What the server holds of the room: ciphertext only.
  const page = await alice.client.createMessagesRequest(roomId, null, 50, "b");
  const messages = page.chunk.filter((e) => e.type === "m.room.encrypted" || e.type === "m.room.message");
  const serverSawOnlyCiphertext = messages.length >= 2 && messages.every((e) => e.type === "m.room.encrypted")
    && !JSON.stringify(page.chunk).includes("secret from");

  // Alice's device backs up both room keys (her outbound session, and Bob's she received).
  await until("alice's room keys to be backed up", async () => {
    const info = await alice.client.http.authedRequest(sdk.Method.Get, "/room_keys/version");
    return info.count >= 2;
  }, 60_000, 250);

  // Alice's second device: trusts the first once it has the cross-signing keys from secret storage.
  const second = await loginAgain(alice);
  const devices = await second.crypto.getUserDeviceInfo([alice.userId], true);
  const firstSeen = devices.get(alice.userId)?.has(alice.deviceId) ?? false;
  const before = await second.crypto.getDeviceVerificationStatus(alice.userId, alice.deviceId);
  await second.crypto.bootstrapCrossSigning({});
  await until("the second device to be cross-signing ready", () => second.crypto.isCrossSigningReady());
  const after = await second.crypto.getDeviceVerificationStatus(alice.userId, alice.deviceId);

  // ... and restores the key backup to read what was said before it existed.
  await second.crypto.loadSessionBackupPrivateKeyFromSecretStorage();
  const restored = await second.crypto.restoreKeyBackup();
  await until("the second device to decrypt the old messages", () => {
    const seen = decrypted(second, roomId);
    return seen.includes("secret from alice") && seen.includes("secret from bob");
  });

  print(JSON.stringify({
    roomId,
    bobSawFromAlice: decrypted(bob, roomId),
    aliceSawFromBob: decrypted(alice, roomId),
    serverSawOnlyCiphertext,
    backupVersion,
    secondDevice: {
      seesFirst: firstSeen,
      firstVerifiedBefore: before?.crossSigningVerified ?? null,
      firstSignedByOwner: after?.signedByOwner ?? null,
      firstVerifiedAfter: after?.crossSigningVerified ?? null,
      restoredTotal: restored.total,
      restoredImported: restored.imported,
      decrypted: decrypted(second, roomId),
    },
  }));
  for (const who of [alice, bob, second]) who.client.stopClient();
  clearTimeout(deadline);
  process.exit(0); // the SDK keeps timers of its own alive after stopClient
}

main().catch(fail);
