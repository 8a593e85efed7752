package org.hearth.core.internal.rooms.stateres;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * The states to resolve divided into the unconflicted state map (a key every state holds, with
 * the same event) and the conflicted state set (the events of every other key) (room version 2,
 * "Unconflicted state map and conflicted state set").
 */
record StateSplit(Map<StateTuple, String> unconflicted, Set<String> conflicted) {

    static StateSplit of(List<Map<StateTuple, String>> stateSets) {
        Set<StateTuple> keys = new HashSet<>();
        stateSets.forEach(s -> keys.addAll(s.keySet()));
        Map<StateTuple, String> unconflicted = new HashMap<>();
        Set<String> conflicted = new HashSet<>();
        for (StateTuple key : keys) {
            Set<String> values = new HashSet<>();
            boolean inEvery = true;
            for (Map<StateTuple, String> state : stateSets) {
                String id = state.get(key);
                if (id == null) {
                    inEvery = false;
                } else {
                    values.add(id);
                }
            }
            if (inEvery && values.size() == 1) {
                unconflicted.put(key, values.iterator().next());
            } else {
                conflicted.addAll(values);
            }
        }
        return new StateSplit(unconflicted, conflicted);
    }
}
