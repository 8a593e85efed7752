// Alice starts a thread, Bob replies twice, Alice edits her root and Bob reacts to it; then each
// reads it back through matrix-js-sdk's own relations and thread APIs. Usage: node relations.mjs
// BASE_URL PREFIX. Prints one JSON line with what the clients got; exits 1 on failure or after 60 s.
import { Direction, FeatureSupport, Thread, ThreadFilterType } from "matrix-js-sdk";
import { register } from "./support.mjs";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("warn");
const [baseUrl, prefix] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out after 60 s")), 60_000);

function fail(e) {
  console.error("FAILED:", e.errcode ?? "", e.message, e.data ? JSON.stringify(e.data) : "");
  process.exit(1);
}

async function main() {
  const alice = await register(baseUrl, prefix + "alice");
  const bob = await register(baseUrl, prefix + "bob");
  const { room_id: roomId } = await alice.client.createRoom({ preset: "public_chat" });
  await bob.client.joinRoom(roomId);

  const { event_id: root } = await alice.client.sendMessage(roomId, { msgtype: "m.text", body: "lunch?" });
  const thread = { rel_type: "m.thread", event_id: root };
  const { event_id: reply1 } = await bob.client.sendEvent(roomId, "m.room.message",
    { msgtype: "m.text", body: "yes", "m.relates_to": thread });
  const { event_id: reply2 } = await bob.client.sendEvent(roomId, "m.room.message",
    { msgtype: "m.text", body: "at noon", "m.relates_to": thread });
  const { event_id: edit } = await alice.client.sendEvent(roomId, "m.room.message", {
    msgtype: "m.text", body: "* lunch at the canteen?",
    "m.new_content": { msgtype: "m.text", body: "lunch at the canteen?" },
    "m.relates_to": { rel_type: "m.replace", event_id: root },
  });
  const { event_id: reaction } = await bob.client.sendEvent(roomId, "m.reaction",
    { "m.relates_to": { rel_type: "m.annotation", event_id: root, key: "👍" } });

  const inThread = await alice.client.relations(roomId, root, "m.thread", null, { dir: Direction.Forward });
  const reactions = await alice.client.relations(roomId, root, "m.annotation", "m.reaction");
  const firstPage = await alice.client.relations(roomId, root, "m.thread", null, { limit: 1 });
  const secondPage = await alice.client.relations(roomId, root, "m.thread", null,
    { limit: 1, from: firstPage.nextBatch });
  const fetched = await bob.client.fetchRoomEvent(roomId, root);
  const bundle = fetched.unsigned?.["m.relations"] ?? {};
  // The SDK picks the stable /threads when /versions lists v1.4, which Hearth does not yet (the
  // room_types filter of /publicRooms is missing): tell it, as startClient would then.
  Thread.setServerSideListSupport(FeatureSupport.Stable);
  const threads = await bob.client.createThreadListMessagesRequest(roomId, null, 10, Direction.Backward,
    ThreadFilterType.All);
  const participated = await bob.client.createThreadListMessagesRequest(roomId, null, 10, Direction.Backward,
    ThreadFilterType.My);

  console.log(JSON.stringify({
    root, reply1, reply2, edit, reaction,
    threadReplies: inThread.events.map((e) => e.getId()),
    threadBodies: inThread.events.map((e) => e.getContent().body),
    reactions: reactions.events.map((e) => e.getRelation()?.key),
    pages: [firstPage.events.map((e) => e.getId()), secondPage.events.map((e) => e.getId())],
    rootBody: fetched.content?.body,
    threadCount: bundle["m.thread"]?.count,
    threadLatest: bundle["m.thread"]?.latest_event?.event_id,
    bobParticipated: bundle["m.thread"]?.current_user_participated,
    latestEdit: bundle["m.replace"]?.event_id,
    threadRoots: threads.chunk.map((e) => e.event_id),
    participatedRoots: participated.chunk.map((e) => e.event_id),
  }));
  clearTimeout(deadline);
  process.exit(0);
}

main().catch(fail);
