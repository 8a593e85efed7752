// Not a test: the measurement of bench/'s JsDeliveryBench. Alice sends messages one at a time in a
// room she shares with Bob, each client running matrix-js-sdk's own sync loop, and the script
// times when Bob's client shows each one. Usage: node delivery-latency.mjs BASE_URL PREFIX WARM COUNT
// Prints one JSON line: for each counted message, milliseconds from Alice's sendMessage call to
// Bob's timeline event (fromSend) and from the server's answer to Alice to that event (fromAnswer).
import * as sdk from "matrix-js-sdk";
import { register, until } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, prefix, warm, count] = process.argv.slice(2);
const total = Number(warm) + Number(count);
const deadline = setTimeout(() => fail(new Error("timed out after 600 s")), 600_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message);
  process.exit(1);
}

async function started(name) {
  const { client, userId } = await register(baseUrl, name);
  const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
  await client.startClient({ initialSyncLimit: 1 });
  await prepared;
  return { client, userId };
}

async function main() {
  const alice = await started(prefix + "alice");
  const bob = await started(prefix + "bob");
  const { room_id: roomId } = await alice.client.createRoom({ invite: [bob.userId] });
  await until("bob's invite", () => bob.client.getRoom(roomId)?.getMyMembership() === "invite");
  await bob.client.joinRoom(roomId);
  await until("alice to see bob join", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "join");

  const waiting = new Map(); // body -> resolve(time Bob's client showed it)
  bob.client.on(sdk.RoomEvent.Timeline, (event, room, toStartOfTimeline) => {
    const resolve = !toStartOfTimeline && room?.roomId === roomId ? waiting.get(event.getContent().body) : undefined;
    if (resolve) resolve(performance.now());
  });
  const fromSend = [];
  const fromAnswer = [];
  for (let i = 0; i < total; i++) {
    const body = "message " + i;
    const seen = new Promise((resolve) => waiting.set(body, resolve));
    const sent = performance.now();
    await alice.client.sendMessage(roomId, { msgtype: "m.text", body });
    const answered = performance.now();
    const shown = await seen;
    waiting.delete(body);
    if (i >= Number(warm)) {
      fromSend.push(shown - sent);
      fromAnswer.push(Math.max(0, shown - answered));
    }
  }
  console.log(JSON.stringify({ fromSend, fromAnswer }));
  alice.client.stopClient();
  bob.client.stopClient();
  clearTimeout(deadline);
  process.exit(0);
}

main().catch(fail);
