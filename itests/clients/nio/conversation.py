"""Alice and Bob hold a 20-message conversation with matrix-nio (Debian's python3-matrix-nio),
each seeing the other's messages arrive through nio's own sync loop; then Bob leaves.

Usage: /usr/bin/python3 conversation.py BASE_URL PREFIX
Prints one JSON line; exits 1 on failure or after 90 s.
"""
import asyncio
import json
import sys

from nio import AsyncClient, InviteMemberEvent, RoomMemberEvent, RoomMessageText


async def account(base_url, name):
    client = AsyncClient(base_url, name)
    registered = await client.register(name, "pw " + name, "nio")
    if not hasattr(registered, "access_token"):
        raise RuntimeError(f"register failed: {registered}")
    seen = []

    async def on_message(room, event):
        seen.append({"room": room.room_id, "from": event.sender, "body": event.body})

    client.add_event_callback(on_message, RoomMessageText)
    await client.sync(timeout=0)
    return client, seen


async def until(what, check, seconds=30):
    for _ in range(int(seconds * 40)):
        if check():
            return
        await asyncio.sleep(0.025)
    raise RuntimeError("waited too long for " + what)


async def main(base_url, prefix):
    alice, alice_seen = await account(base_url, prefix + "alice")
    bob, bob_seen = await account(base_url, prefix + "bob")
    loops = [asyncio.create_task(c.sync_forever(timeout=10_000)) for c in (alice, bob)]

    created = await alice.room_create(name="nio room", invite=[bob.user_id])
    room_id = created.room_id
    await until("bob's invite", lambda: room_id in bob.invited_rooms)
    await bob.join(room_id)
    await until("alice to see bob join", lambda: room_id in alice.rooms and bob.user_id in alice.rooms[room_id].users)

    for i in range(20):
        sender = alice if i % 2 == 0 else bob
        response = await sender.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": f"message {i}"})
        if not hasattr(response, "event_id"):
            raise RuntimeError(f"send failed: {response}")
    in_room = lambda seen: [m for m in seen if m["room"] == room_id]
    await until("both to see 20 messages", lambda: len(in_room(alice_seen)) >= 20 and len(in_room(bob_seen)) >= 20)

    await bob.room_leave(room_id)
    await until("alice to see bob leave", lambda: bob.user_id not in alice.rooms[room_id].users)

    for task in loops:
        task.cancel()
    await alice.close()
    await bob.close()
    print(json.dumps({
        "roomId": room_id,
        "aliceSawFromBob": [m["body"] for m in in_room(alice_seen) if m["from"] == bob.user_id],
        "bobSawFromAlice": [m["body"] for m in in_room(bob_seen) if m["from"] == alice.user_id],
        "bobLeft": True,
    }))


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(*sys.argv[1:3]), 90))
    except Exception as e:  # noqa: BLE001 - any failure is a test failure, reported on one line
        print(f"FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
