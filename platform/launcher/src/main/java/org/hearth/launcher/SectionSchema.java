package org.hearth.launcher;

import java.util.Map;

/**
 * The keys a bundle declares for its section of {@code conf/hearth.yaml}: the attribute
 * definitions of the metatype object class designated for the section's PID. Attribute IDs are
 * the dotted keys ({@code login.per_second} under PID {@code hearth.rate_limits}).
 *
 * @param bundle     the declaring bundle's symbolic name, for messages
 * @param attributes attribute ID → definition
 */
record SectionSchema(String bundle, Map<String, Attribute> attributes) {

    /**
     * One attribute definition, as the MetaType service describes it.
     *
     * @param type        an {@code AttributeDefinition} type constant (see {@link SectionCheck})
     * @param cardinality 0 for one value, otherwise a list
     * @param min         the declared minimum, or null
     * @param max         the declared maximum, or null
     */
    record Attribute(String id, int type, int cardinality, String min, String max) {}

    Attribute attribute(String id) {
        return attributes.get(id);
    }

    /** Whether some attribute ID lies under this dotted prefix (a nested mapping in YAML). */
    boolean hasKeysUnder(String prefix) {
        return attributes.keySet().stream().anyMatch(id -> id.startsWith(prefix + "."));
    }
}
