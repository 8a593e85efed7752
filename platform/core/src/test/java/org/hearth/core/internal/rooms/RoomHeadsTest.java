package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.EventIds;
import org.hearth.core.internal.event.EventSigner;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.event.SigningKey;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.junit.jupiter.api.Test;

/**
 * The room head cache stays within its bound, and what one cached room costs: heads as the writer
 * keeps them after creating a room here (create, power levels, join rules, the creator's member
 * event, as signed version 12 PDUs), measured as heap growth over many rooms.
 */
class RoomHeadsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final SigningKey KEY = SigningKey.generate(new SecureRandom());

    @Test
    void theCacheKeepsAtMostItsBound() {
        RoomHeads heads = new RoomHeads(100);
        for (int i = 0; i < 1_000; i++) {
            heads.put(head(i));
        }
        assertTrue(heads.size() <= 100, "cached " + heads.size());
        assertNotNull(heads.cached("!room999:localhost"), "the newest stays");
    }

    @Test
    void memberEventsKeptPerRoomAreBounded() {
        RoomHead head = head(0);
        for (int i = 0; i < 1_000; i++) {
            head.put(StateTuple.member("@u" + i + ":localhost"), head.known(StateTuple.CREATE).orElseThrow().orElseThrow());
        }
        assertEquals(3 + RoomHead.MAX_MEMBERS, head.size());
        assertTrue(head.known(StateTuple.member("@u0:localhost")).isEmpty(), "dropped: read again from storage");
    }

    @Test
    void memoryPerCachedRoom() {
        int rooms = 2_000;
        RoomHeads heads = new RoomHeads(rooms);
        List<RoomHead> kept = new ArrayList<>();
        long before = usedHeap();
        for (int i = 0; i < rooms; i++) {
            RoomHead head = head(i);
            heads.put(head);
            kept.add(head);
        }
        long after = usedHeap();
        long perRoom = (after - before) / rooms;
        System.out.printf("RoomHeadsTest: %d cached rooms take %,d bytes of heap: %,d bytes per room%n",
                rooms, after - before, perRoom);
        assertEquals(rooms, heads.size());
        assertTrue(perRoom < 64 * 1024, perRoom + " bytes per room");
        assertEquals(rooms, kept.size());

        kept.clear();
        int busy = 100;
        long beforeBusy = usedHeap();
        for (int i = 0; i < busy; i++) { // rooms whose head holds the most member events it keeps
            RoomHead head = head(rooms + i);
            List<String> chain = new ArrayList<>();
            for (int m = 1; m < RoomHead.MAX_MEMBERS; m++) {
                UserId member = new UserId("member" + m, new org.hearth.api.id.ServerName("localhost"));
                head.put(StateTuple.member(member.toString()), pdu(member, "m.room.member",
                        F.objectNode().put("membership", "join").put("displayname", "Member " + m), chain, i));
            }
            kept.add(head);
        }
        long perBusyRoom = (usedHeap() - beforeBusy) / busy;
        System.out.printf("RoomHeadsTest: a cached room holding %d member events: %,d bytes%n", RoomHead.MAX_MEMBERS,
                perBusyRoom);
        assertTrue(perBusyRoom < 256 * 1024, perBusyRoom + " bytes per busy room");
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The head of room number i after its creation here, holding the auth state the writer keeps. */
    private static RoomHead head(int i) {
        UserId creator = new UserId("creator" + i, new org.hearth.api.id.ServerName("localhost"));
        List<String> chain = new ArrayList<>();
        Pdu create = pdu(creator, "m.room.create", PowerLevelDefaults.createContent(F.objectNode(), RoomVersions.V12,
                creator), chain, i);
        Pdu member = pdu(creator, "m.room.member", F.objectNode().put("membership", "join")
                .put("displayname", "Creator " + i), chain, i);
        Pdu levels = pdu(creator, "m.room.power_levels", PowerLevelDefaults.content(RoomVersions.V12, creator, List.of()),
                chain, i);
        Pdu rules = pdu(creator, "m.room.join_rules", F.objectNode().put("join_rule", "invite"), chain, i);
        RoomHead head = new RoomHead("!room" + i + ":localhost", RoomVersions.V12, List.of(rules.eventId()), 8, 8, true);
        head.put(StateTuple.CREATE, create);
        head.put(StateTuple.member(creator.toString()), member);
        head.put(StateTuple.POWER_LEVELS, levels);
        head.put(StateTuple.JOIN_RULES, rules);
        return head;
    }

    private static Pdu pdu(UserId sender, String type, ObjectNode content, List<String> chain, int room) {
        ObjectNode json = F.objectNode();
        json.put("type", type);
        json.put("state_key", "m.room.member".equals(type) ? sender.toString() : "");
        json.put("sender", sender.toString());
        json.set("content", content);
        json.put("origin_server_ts", 1_796_000_000_000L + room);
        json.put("depth", chain.size() + 1);
        if (!chain.isEmpty()) {
            json.put("room_id", "!" + chain.get(0).substring(1));
        }
        json.set("prev_events", F.arrayNode().addAll(chain.isEmpty() ? List.of()
                : List.of(F.textNode(chain.get(chain.size() - 1)))));
        json.set("auth_events", F.arrayNode().addAll(chain.stream().limit(3).map(F::textNode).toList()));
        Pdu pdu = EventIds.pdu(RoomVersions.V12, EventSigner.hashAndSign(RoomVersions.V12, json, "localhost", KEY));
        chain.add(pdu.eventId());
        return pdu;
    }
}
