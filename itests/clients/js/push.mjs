// Receipts, unread counts, push rules and a pusher through matrix-js-sdk's own sync loop.
// Usage: node push.mjs BASE_URL PREFIX GATEWAY_URL
// Alice and Bob share a room; Bob registers a pusher at GATEWAY_URL; Alice writes twice, Bob's
// client counts 2 unread; Bob sends a read receipt, Alice's client sees it; Alice writes once
// more and Bob's client counts 1 (the receipt cleared the others on the server); Bob disables a
// push rule and his second device sees the change arrive. Prints one JSON line; exits 1 on failure.
import * as sdk from "matrix-js-sdk";
import { register, until } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, prefix, gatewayUrl] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out after 90 s")), 90_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
}

async function started(client) {
  const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
  await client.startClient({ initialSyncLimit: 10 });
  await prepared;
  return client;
}

async function account(name) {
  const { client, userId, password } = await register(baseUrl, name);
  return { client: await started(client), userId, password };
}

async function secondDevice(of) {
  const anonymous = sdk.createClient({ baseUrl });
  const r = await anonymous.login("m.login.password", { identifier: { type: "m.id.user", user: of.userId }, password: of.password });
  return started(sdk.createClient({ baseUrl, accessToken: r.access_token, userId: r.user_id, deviceId: r.device_id }));
}


async function main() {
  const alice = await account(prefix + "alice");
  const bob = await account(prefix + "bob");
  const { room_id: roomId } = await alice.client.createRoom({ name: "push room", invite: [bob.userId] });
  await until("bob's invite", () => bob.client.getRoom(roomId)?.getMyMembership() === "invite");
  await bob.client.joinRoom(roomId);
  await until("alice to see bob join", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "join");

  await bob.client.setPusher({
    kind: "http", app_id: "org.example.js", pushkey: prefix + "key", app_display_name: "js", device_display_name: "js",
    lang: "en", data: { url: gatewayUrl },
  });

  const unread = () => bob.client.getRoom(roomId)?.getUnreadNotificationCount(sdk.NotificationCountType.Total) ?? 0;
  const first = (await alice.client.sendMessage(roomId, { msgtype: "m.text", body: "one" })).event_id;
  const second = (await alice.client.sendMessage(roomId, { msgtype: "m.text", body: "two" })).event_id;
  await until("bob's client to count 2 unread", () => unread() === 2);
  const unreadBefore = unread();

  const secondEvent = await until("bob to have the second message",
    () => bob.client.getRoom(roomId)?.findEventById(second)).then(() => bob.client.getRoom(roomId).findEventById(second));
  await bob.client.sendReadReceipt(secondEvent, sdk.ReceiptType.Read);
  await until("alice to see bob's receipt", () => alice.client.getRoom(roomId)?.getEventReadUpTo(bob.userId) === second);

  const third = (await alice.client.sendMessage(roomId, { msgtype: "m.text", body: "three" })).event_id;
  await until("bob to have the third message", () => bob.client.getRoom(roomId)?.findEventById(third));
  await until("bob's count to be 1 after the receipt", () => unread() === 1);

  const bobsPhone = await secondDevice(bob);
  const messageRule = () => bobsPhone.pushRules?.global?.underride?.find((r) => r.rule_id === ".m.rule.message");
  const enabledBefore = messageRule()?.enabled;
  await bob.client.setPushRuleEnabled("global", sdk.PushRuleKind.Underride, ".m.rule.message", false);
  await until("bob's other device to see the rule disabled", () => messageRule()?.enabled === false);

  console.log(JSON.stringify({
    roomId, bob: bob.userId, pushed: [first, second, third], unreadBefore, unreadAfterReceiptAndOneMore: unread(),
    aliceSawReceiptAt: alice.client.getRoom(roomId).getEventReadUpTo(bob.userId), ruleEnabledBefore: enabledBefore,
    ruleEnabledAfter: messageRule()?.enabled,
  }));
  for (const c of [alice.client, bob.client, bobsPhone]) c.stopClient();
  clearTimeout(deadline);
  process.exit(0); // the SDK keeps timers of its own alive after stopClient
}

main().catch(fail);
