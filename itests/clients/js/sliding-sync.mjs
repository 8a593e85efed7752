// matrix-js-sdk's own SlidingSync loop against Hearth's simplified sliding sync (MSC4186): Alice is
// in 50 rooms; a new message moves its room to the top (by bump_stamp), an invite arrives, and a
// to-device message comes through the to_device extension. Usage: node sliding-sync.mjs BASE_URL PREFIX
// Prints one JSON line with what Alice saw; exits 1 on failure or after 100 s.
import * as sdk from "matrix-js-sdk";
import { register, until } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";
import { ExtensionState, SlidingSync, SlidingSyncEvent } from "matrix-js-sdk/lib/sliding-sync.js";

logger.setLevel("warn");
const [baseUrl, prefix] = process.argv.slice(2);
const ROOMS = 50;
const deadline = setTimeout(() => fail(new Error("timed out after 100 s")), 100_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
}

function account(name) {
  return register(baseUrl, name);
}


async function main() {
  const alice = await account(prefix + "alice");
  const bob = await account(prefix + "bob");
  const rooms = [];
  for (let i = 0; i < ROOMS; i++) {
    rooms.push((await alice.client.createRoom({ name: "room " + i })).room_id);
  }

  // What the SDK hands on: each room's data, newest activity first by bump_stamp.
  const stamps = new Map();
  const data = new Map();
  let count = 0;
  const toDevice = [];
  const lists = new Map([["all", { ranges: [[0, 99]], timeline_limit: 1,
    required_state: [["m.room.name", ""], ["m.room.member", "$LAZY"]] }]]);
  const sync = new SlidingSync(baseUrl, lists, { timeline_limit: 1, required_state: [] }, alice.client, 5_000);
  sync.registerExtension({
    name: () => "to_device",
    when: () => ExtensionState.PreProcess,
    onRequest: (initial) => (initial ? { enabled: true } : undefined),
    onResponse: async (res) => { toDevice.push(...(res.events ?? [])); },
  });
  sync.on(SlidingSyncEvent.RoomData, (roomId, roomData) => {
    if (roomData.bump_stamp !== undefined) stamps.set(roomId, roomData.bump_stamp);
    data.set(roomId, roomData);
  });
  sync.on(SlidingSyncEvent.List, (key, joinedCount) => { count = joinedCount; });
  sync.on(SlidingSyncEvent.Lifecycle, (state, resp) => {
    if (resp?.lists?.all) count = resp.lists.all.count;
  });
  const top = () => [...stamps.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  sync.start();

  await until("the 50 rooms", () => stamps.size >= ROOMS);
  const firstTop = top();
  const oldest = rooms[0];
  await alice.client.sendMessage(oldest, { msgtype: "m.text", body: "bump" });
  await until("the oldest room to move to the top", () => top() === oldest);
  const topAfterMessage = top();
  const bumped = data.get(oldest);

  const { room_id: invited } = await bob.client.createRoom({ name: "bob's room", invite: [alice.userId] });
  await until("the invite", () => data.get(invited)?.invite_state !== undefined);

  await bob.client.sendToDevice("org.example.ping", new Map([[alice.userId, new Map([[alice.deviceId, { n: 1 }]])]]));
  await until("the to-device message", () => toDevice.length > 0);

  console.log(JSON.stringify({
    roomsSeen: stamps.size,
    firstTop,
    newestRoom: rooms[ROOMS - 1],
    topAfterMessage,
    topAfterInvite: top(),
    oldest,
    bumpedTimeline: (bumped.timeline ?? []).map((e) => e.content?.body),
    invitedRoom: invited,
    inviteName: data.get(invited).invite_state.find((e) => e.type === "m.room.name")?.content?.name,
    inviteMembership: memberIn(data.get(invited).invite_state, alice.userId),
    inviterMembership: memberIn(data.get(invited).invite_state, bob.userId),
    count,
    toDevice: toDevice.map((e) => ({ type: e.type, sender: e.sender, n: e.content?.n })),
  }));
  sync.stop();
  clearTimeout(deadline);
  process.exit(0);
}

main().catch(fail);

/** The membership of the user in a room's stripped state (the invitee's, or the inviter's, which servers add). */
function memberIn(strippedState, userId) {
  return strippedState.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content?.membership;
}
