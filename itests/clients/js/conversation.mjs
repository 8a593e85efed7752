// Alice creates a room, invites Bob, Bob joins, they exchange 20 messages, Bob leaves — each side
// driven by matrix-js-sdk's own sync loop. Usage: node conversation.mjs BASE_URL PREFIX
// Prints one JSON line with what each saw arrive, in order; exits 1 on failure or after 90 s.
import * as sdk from "matrix-js-sdk";
import { register, until } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, prefix] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out after 90 s")), 90_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
}

async function account(name) {
  const { client, userId } = await register(baseUrl, name);
  const seen = [];
  client.on(sdk.RoomEvent.Timeline, (event, room, toStartOfTimeline) => {
    if (!toStartOfTimeline && event.getType() === "m.room.message" && !event.status) {
      seen.push({ from: event.getSender(), body: event.getContent().body, room: room?.roomId });
    }
  });
  const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
  await client.startClient({ initialSyncLimit: 10 });
  await prepared;
  return { client, seen, userId };
}


async function main() {
  const alice = await account(prefix + "alice");
  const bob = await account(prefix + "bob");

  const { room_id: roomId } = await alice.client.createRoom({ name: "js-sdk room", invite: [bob.userId] });
  await until("bob's invite", () => bob.client.getRoom(roomId)?.getMyMembership() === "invite");
  await bob.client.joinRoom(roomId);
  await until("alice to see bob join", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "join");

  for (let i = 0; i < 20; i++) {
    const sender = i % 2 === 0 ? alice : bob;
    await sender.client.sendMessage(roomId, { msgtype: "m.text", body: "message " + i });
  }
  // A client's own messages come back as updates of its local echo, not as new timeline events:
  // each side counts the other's ten.
  const fromOther = (s, other) => s.seen.filter((m) => m.room === roomId && m.from === other.userId).map((m) => m.body);
  await until("each to see the other's 10 messages",
    () => fromOther(alice, bob).length >= 10 && fromOther(bob, alice).length >= 10);

  await bob.client.leave(roomId);
  await until("alice to see bob leave", () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === "leave");

  console.log(JSON.stringify({
    roomId,
    aliceSawFromBob: fromOther(alice, bob),
    bobSawFromAlice: fromOther(bob, alice),
    bobLeft: true,
  }));
  alice.client.stopClient();
  bob.client.stopClient();
  clearTimeout(deadline);
  process.exit(0); // the SDK keeps timers of its own alive after stopClient
}

main().catch(fail);
