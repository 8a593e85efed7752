package org.hearth.core.internal.rooms.stateres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.AuthEventSelection;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * State resolution of room version 1 (room version 1, "State resolution"). A conflict is a key
 * the states hold with different events; a key only some states hold is not conflicted.
 *
 * <ol>
 *   <li>R starts as the union of the states without the conflicted keys.
 *   <li>Power levels, then join rules, then each membership: the conflicting events in order of
 *       ascending {@code depth}, then descending {@code sha1(event_id)}; the first goes into R,
 *       each next one replaces it while it passes the authorisation rules in R.
 *   <li>Any other key: the event of highest depth, then lowest {@code sha1(event_id)}, that
 *       passes the authorisation rules in R.
 * </ol>
 *
 * <p>Where the text leaves a choice this follows the reading of other servers: the keys of one
 * step (all join rules, all memberships) are each resolved against R as it was before that step,
 * and for another key where no event passes, the first in that order is kept.
 */
public final class StateResolutionV1 implements StateResolver {
    /** Keys in a fixed order, so that one run reads like the next. */
    private static final Comparator<StateTuple> KEY_ORDER =
            Comparator.comparing(StateTuple::type).thenComparing(StateTuple::stateKey);

    private final AuthRules rules;
    private final AuthEventSelection selection;

    public StateResolutionV1(AuthRules rules) {
        this.rules = rules;
        this.selection = new AuthEventSelection(rules.ruleSet());
    }

    @Override
    public Map<StateTuple, String> resolve(List<Map<StateTuple, String>> stateSets, EventFetcher events) {
        EventGraph graph = new EventGraph(events, rules.ruleSet());
        Map<StateTuple, Set<String>> byKey = new TreeMap<>(KEY_ORDER);
        stateSets.forEach(state -> state.forEach((key, id) -> byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id)));
        Map<StateTuple, String> resolved = new HashMap<>();
        Map<StateTuple, List<Pdu>> conflicts = new TreeMap<>(KEY_ORDER);
        byKey.forEach((key, ids) -> {
            if (ids.size() == 1) {
                resolved.put(key, ids.iterator().next());
            } else {
                conflicts.put(key, ids.stream().map(graph::event).toList());
            }
        });
        resolveAuthStep(conflicts, k -> k.equals(StateTuple.POWER_LEVELS), resolved, graph);
        resolveAuthStep(conflicts, k -> k.type().equals(EventTypes.JOIN_RULES), resolved, graph);
        resolveAuthStep(conflicts, k -> k.type().equals(EventTypes.MEMBER), resolved, graph);
        conflicts.forEach((key, candidates) -> {
            if (!resolved.containsKey(key)) {
                resolved.put(key, pickPassing(candidates, resolved, graph).eventId());
            }
        });
        return resolved;
    }

    /** One step of the auth keys, each key resolved against R as it was before the step. */
    private void resolveAuthStep(Map<StateTuple, List<Pdu>> conflicts, Predicate<StateTuple> step,
            Map<StateTuple, String> resolved, EventGraph graph) {
        Map<StateTuple, String> before = Map.copyOf(resolved);
        conflicts.forEach((key, candidates) -> {
            if (step.test(key)) {
                resolved.put(key, chainPassing(key, candidates, before, graph));
            }
        });
    }

    /** Ascending depth, descending sha1: the first, then each next one while it is allowed. */
    private String chainPassing(StateTuple key, List<Pdu> candidates, Map<StateTuple, String> before, EventGraph graph) {
        List<Pdu> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingLong(Pdu::depth).thenComparing(StateResolutionV1::sha1, Comparator.reverseOrder()));
        Map<StateTuple, String> state = new HashMap<>(before);
        state.put(key, ordered.get(0).eventId());
        for (Pdu next : ordered.subList(1, ordered.size())) {
            if (!allowed(next, state, graph)) {
                break;
            }
            state.put(key, next.eventId());
        }
        return state.get(key);
    }

    /** Highest depth, lowest sha1, that is allowed; the first of that order if none is. */
    private Pdu pickPassing(List<Pdu> candidates, Map<StateTuple, String> state, EventGraph graph) {
        List<Pdu> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingLong(Pdu::depth).reversed().thenComparing(StateResolutionV1::sha1));
        return ordered.stream().filter(e -> allowed(e, state, graph)).findFirst().orElse(ordered.get(0));
    }

    private boolean allowed(Pdu event, Map<StateTuple, String> state, EventGraph graph) {
        Map<StateTuple, Pdu> authState = new HashMap<>();
        for (StateTuple key : selection.keys(event)) {
            String id = state.get(key);
            if (id != null) {
                authState.put(key, graph.event(id));
            }
        }
        return rules.check(event, authState).allowed();
    }

    private static String sha1(Pdu event) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(event.eventId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
