package org.hearth.core.internal.rooms.stateres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.rooms.auth.TestSignatures;
import org.junit.jupiter.api.Test;

/**
 * The six cases of the Ruma state resolution fixtures (see {@code state-res/README.md}); the
 * first two are resolved three ways that must agree.
 */
class StateResolutionFixturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void minimalPrivateChat() {
        assertThreeWays("minimal_private_chat", "bootstrap-private-chat.json");
    }

    @Test
    void originServerTsBreaksTheTieBetweenJoinRules() {
        assertThreeWays("origin_server_ts_tiebreak", "bootstrap-private-chat.json", "origin-server-ts-tiebreak.json");
    }

    @Test
    void problemAv2StartsFromTheUnconflictedStateAndLosesTheJoinRules() {
        assertStateSets("msc4297_problem_a_state_res_v2_0", "MSC4297-problem-A/pdus-v11.json",
                "MSC4297-problem-A/state-bob.json", "MSC4297-problem-A/state-charlie.json");
    }

    @Test
    void problemAv21StartsFromTheEmptyState() {
        assertStateSets("msc4297_problem_a_state_res_v2_1", "MSC4297-problem-A/pdus-hydra.json",
                "MSC4297-problem-A/state-bob.json", "MSC4297-problem-A/state-charlie.json");
    }

    @Test
    void problemBv2IgnoresTheConflictedSubgraph() {
        assertStateSets("msc4297_problem_b_state_res_v2_0", "MSC4297-problem-B/pdus-v11.json",
                "MSC4297-problem-B/state-eve.json", "MSC4297-problem-B/state-zara.json");
    }

    @Test
    void problemBv21IncludesTheConflictedSubgraph() {
        assertStateSets("msc4297_problem_b_state_res_v2_1", "MSC4297-problem-B/pdus-hydra.json",
                "MSC4297-problem-B/state-eve.json", "MSC4297-problem-B/state-zara.json");
    }

    /** All events at once, file by file, and event by event along prev_events. */
    private static void assertThreeWays(String expected, String... files) {
        List<List<Pdu>> batches = new ArrayList<>();
        MapEvents events = new MapEvents();
        for (String file : files) {
            List<Pdu> batch = pdus(file);
            batch.forEach(events::add);
            batches.add(batch);
        }
        List<Pdu> all = batches.stream().flatMap(List::stream).toList();
        StateResolver resolver = resolverFor(all);

        Map<StateTuple, String> atOnce = resolver.resolve(all.stream().map(StateResolutionFixturesTest::alone).toList(), events);
        assertEquals(expected(expected), describe(atOnce, events), "all at once");

        Map<StateTuple, String> previous = null;
        for (List<Pdu> batch : batches) {
            List<Map<StateTuple, String>> sets = new ArrayList<>();
            if (previous != null) {
                sets.add(previous);
            }
            batch.forEach(e -> sets.add(alone(e)));
            previous = resolver.resolve(sets, events);
        }
        assertEquals(expected(expected), describe(previous, events), "file by file");

        assertEquals(expected(expected), describe(alongPrevEvents(all, resolver, events), events), "event by event");
    }

    /**
     * The state after each event in the order a server meets them: the resolution of the states
     * after its prev_events, with the event itself put in; at the end, the forward extremities'
     * states resolved.
     */
    private static Map<StateTuple, String> alongPrevEvents(List<Pdu> all, StateResolver resolver, EventFetcher events) {
        Map<String, Map<StateTuple, String>> after = new HashMap<>();
        Set<String> extremities = new TreeSet<>();
        List<Pdu> waiting = new ArrayList<>(all);
        while (!waiting.isEmpty()) {
            Pdu next = waiting.stream().filter(e -> after.keySet().containsAll(e.prevEvents())).findFirst().orElseThrow();
            waiting.remove(next);
            List<Map<StateTuple, String>> before = next.prevEvents().stream().map(after::get).toList();
            Map<StateTuple, String> state = new HashMap<>(before.size() == 1 ? before.get(0)
                    : before.isEmpty() ? Map.of() : resolver.resolve(before, events));
            state.put(StateTuple.of(next), next.eventId());
            after.put(next.eventId(), state);
            extremities.removeAll(next.prevEvents());
            extremities.add(next.eventId());
        }
        return resolver.resolve(extremities.stream().map(after::get).toList(), events);
    }

    private static void assertStateSets(String expected, String pduFile, String... stateFiles) {
        List<Pdu> pdus = pdus(pduFile);
        MapEvents events = new MapEvents();
        pdus.forEach(events::add);
        List<Map<StateTuple, String>> sets = new ArrayList<>();
        for (String file : stateFiles) {
            Map<StateTuple, String> state = new HashMap<>();
            for (JsonNode id : read("pdus/" + file)) {
                state.put(StateTuple.of(events.fetch(id.asText()).orElseThrow()), id.asText());
            }
            sets.add(state);
        }
        assertEquals(expected(expected), describe(resolverFor(pdus).resolve(sets, events), events));
    }

    /** The room's version is the create event's; the resolver is that version's. */
    private static StateResolver resolverFor(List<Pdu> pdus) {
        String version = pdus.get(0).content().path("room_version").asText("1");
        RoomVersion roomVersion = RoomVersions.byId(version).orElseThrow();
        return StateResolvers.of(roomVersion, new AuthRules(roomVersion.authRules(), new TestSignatures()));
    }

    private static Map<StateTuple, String> alone(Pdu event) {
        return Map.of(StateTuple.of(event), event.eventId());
    }

    /** One line a state entry: type, state key, event ID, content. */
    private static Set<String> describe(Map<StateTuple, String> state, EventFetcher events) {
        Set<String> lines = new TreeSet<>();
        state.forEach((key, id) -> lines.add(line(key.type(), key.stateKey(), id, events.fetch(id).orElseThrow().content())));
        return lines;
    }

    private static Set<String> expected(String name) {
        Set<String> lines = new TreeSet<>();
        for (JsonNode entry : read("expected/" + name + ".json")) {
            lines.add(line(entry.get("kind").asText(), entry.get("state_key").asText(), entry.get("event_id").asText(),
                    entry.get("content")));
        }
        return lines;
    }

    private static String line(String type, String stateKey, String eventId, JsonNode content) {
        return type + " | " + stateKey + " | " + eventId + " | " + content;
    }

    private static List<Pdu> pdus(String file) {
        List<Pdu> pdus = new ArrayList<>();
        read("pdus/" + file).forEach(e -> pdus.add(Pdu.withEmbeddedId((ObjectNode) e)));
        return pdus;
    }

    private static JsonNode read(String path) {
        String resource = "/state-res/" + path;
        try (InputStream in = StateResolutionFixturesTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
