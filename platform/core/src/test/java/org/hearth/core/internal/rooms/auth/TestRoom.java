package org.hearth.core.internal.rooms.auth;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersions;

/**
 * A room for tests: events are built as JSON with dummy hashes and signatures, cite the latest
 * event as their {@code prev_events} and the selected state as their {@code auth_events}, and are
 * checked against the room's current state.
 *
 * <pre>{@code
 * TestRoom room = TestRoom.privateChat("10");
 * room.assertDenied(room.member(BOB, BOB, "join"), "needs an invite");
 * }</pre>
 */
public final class TestRoom {
    public static final String ALICE = "@alice:example.com";
    public static final String BOB = "@bob:example.com";
    public static final String CHARLIE = "@charlie:example.com";
    public static final String MALLORY = "@mallory:elsewhere.example";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AuthRuleSet ruleSet;
    private final AuthRules rules;
    private final Map<StateTuple, Pdu> state;
    /** Every event built, shared by the forks of one room. */
    private final List<Pdu> log;
    private String roomId = "!room:example.com";
    private String latest;

    private TestRoom(AuthRuleSet ruleSet, Map<StateTuple, Pdu> state, List<Pdu> log) {
        this.ruleSet = ruleSet;
        this.rules = new AuthRules(ruleSet, new TestSignatures());
        this.state = state;
        this.log = log;
    }

    /** A room of {@code version} without any event yet. */
    public static TestRoom empty(String version) {
        return new TestRoom(RoomVersions.byId(version).orElseThrow().authRules(), new HashMap<>(), new ArrayList<>());
    }

    /** A room of {@code version} with only the create event of {@code creator}. */
    public static TestRoom created(String version, String creator, String extraCreateContent) {
        TestRoom room = empty(version);
        room.send(room.create(creator, extraCreateContent));
        return room;
    }

    /** A branch of the room from its latest event: the same state, events of its own from now on. */
    public TestRoom fork() {
        TestRoom fork = new TestRoom(ruleSet, new HashMap<>(state), log);
        fork.roomId = roomId;
        fork.latest = latest;
        return fork;
    }

    /** The state as event IDs, the form state resolution takes. */
    public Map<StateTuple, String> stateIds() {
        Map<StateTuple, String> ids = new HashMap<>();
        state.forEach((key, event) -> ids.put(key, event.eventId()));
        return ids;
    }

    /** Every event built in this room and its forks. */
    public List<Pdu> events() {
        return List.copyOf(log);
    }

    /**
     * Alice's private chat: create, alice joins, power levels (alice 100 up to version 11; in 12
     * she is the creator and needs no entry), join rule invite.
     */
    public static TestRoom privateChat(String version) {
        TestRoom room = created(version, ALICE, "{}");
        room.send(room.member(ALICE, ALICE, "join"));
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "",
                room.ruleSet.creatorsHaveInfinitePower() ? "{'users':{}}" : "{'users':{'" + ALICE + "':100}}"));
        room.send(room.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'invite'}"));
        return room;
    }

    /** {@link #privateChat} with bob invited and joined. */
    public static TestRoom withBob(String version) {
        TestRoom room = privateChat(version);
        room.send(room.member(ALICE, BOB, "invite"));
        room.send(room.member(BOB, BOB, "join"));
        return room;
    }

    /** JSON written with single quotes, for readable tests. */
    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    /** A create event; {@code creator} (versions 1–10) and {@code room_version} are filled in. */
    public Pdu create(String sender, String extraContent) {
        ObjectNode content = json(extraContent);
        if (ruleSet.creatorInContent() && !content.has("creator")) {
            content.put("creator", sender);
        }
        if (!content.has("room_version")) {
            content.put("room_version", ruleSet.roomVersion());
        }
        ObjectNode event = base(sender, EventTypes.CREATE, "", content);
        event.set("prev_events", MAPPER.createArrayNode());
        event.set("auth_events", MAPPER.createArrayNode());
        return finish(event);
    }

    public Pdu state(String sender, String type, String stateKey, String content) {
        return build(base(sender, type, stateKey, json(content)));
    }

    public Pdu message(String sender, String type, String content) {
        return build(base(sender, type, null, json(content)));
    }

    public Pdu member(String sender, String target, String membership) {
        return memberWith(sender, target, "{'membership':'" + membership + "'}");
    }

    public Pdu memberWith(String sender, String target, String content) {
        return state(sender, EventTypes.MEMBER, target, content);
    }

    /** The event with some top-level fields replaced (it keeps its ID). */
    public Pdu with(Pdu event, String topLevelFields) {
        ObjectNode json = event.json();
        json.setAll(json(topLevelFields));
        Pdu changed = Pdu.of(json, event.eventId());
        log.replaceAll(e -> e.equals(changed) ? changed : e);
        return changed;
    }

    public AuthVerdict check(Pdu event) {
        return rules.check(event, state);
    }

    public void assertAllowed(Pdu event) {
        AuthVerdict verdict = check(event);
        assertTrue(verdict.allowed(), () -> event + " denied: " + verdict);
    }

    /** Denied, for a reason mentioning {@code because}. */
    public void assertDenied(Pdu event, String because) {
        AuthVerdict.Deny deny = assertInstanceOf(AuthVerdict.Deny.class, check(event), () -> event + " allowed");
        assertTrue(deny.reason().contains(because), () -> "denied for another reason: " + deny.reason());
    }

    /** Checks the event, then makes it the latest event and, for a state event, part of the state. */
    public Pdu send(Pdu event) {
        assertAllowed(event);
        return force(event);
    }

    /** Applies the event without checking it. */
    public Pdu force(Pdu event) {
        event.stateKey().ifPresent(key -> state.put(new StateTuple(event.type(), key), event));
        latest = event.eventId();
        return event;
    }

    public Map<StateTuple, Pdu> state() {
        return state;
    }

    public AuthRuleSet ruleSet() {
        return ruleSet;
    }

    public String roomId() {
        return roomId;
    }

    private ObjectNode base(String sender, String type, String stateKey, ObjectNode content) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("sender", sender);
        event.put("type", type);
        if (stateKey != null) {
            event.put("state_key", stateKey);
        }
        event.set("content", content);
        event.put("origin_server_ts", 1_000 + log.size());
        event.put("depth", log.size());
        event.set("hashes", json("{'sha256':'dummy'}"));
        event.set("signatures", MAPPER.createObjectNode().set(CreateEventRules.domainOf(sender), json("{'ed25519:1':'dummy'}")));
        return event;
    }

    private Pdu build(ObjectNode event) {
        event.set("prev_events", ids(latest == null ? List.of() : List.of(latest)));
        Pdu draft = Pdu.of(event, "$draft");
        event.set("auth_events", ids(new AuthEventSelection(ruleSet).keys(draft).stream()
                .filter(state::containsKey).map(k -> state.get(k).eventId()).toList()));
        return finish(event);
    }

    private Pdu finish(ObjectNode event) {
        String sender = event.get("sender").asText();
        String id = "$e" + (log.size() + 1) + ":" + CreateEventRules.domainOf(sender);
        boolean createOfV12 = ruleSet.roomIdIsCreateEventId() && event.get("type").asText().equals(EventTypes.CREATE);
        if (createOfV12) {
            roomId = CreateEventRules.roomIdFor(id);
        } else {
            event.put("room_id", roomId);
        }
        if (List.of("1", "2").contains(ruleSet.roomVersion())) {
            // versions 1 and 2 carry their own ID, and reference hashes next to the IDs they cite
            event.put("event_id", id);
            event.set("prev_events", withHashes((ArrayNode) event.get("prev_events")));
            event.set("auth_events", withHashes((ArrayNode) event.get("auth_events")));
        }
        Pdu pdu = Pdu.of(event, id);
        log.add(pdu);
        return pdu;
    }

    private static ArrayNode ids(List<String> ids) {
        ArrayNode array = MAPPER.createArrayNode();
        ids.forEach(array::add);
        return array;
    }

    private static ArrayNode withHashes(ArrayNode ids) {
        ArrayNode pairs = MAPPER.createArrayNode();
        ids.forEach(id -> pairs.add(MAPPER.createArrayNode().add(id.asText()).add(json("{'sha256':'dummy'}"))));
        return pairs;
    }
}
