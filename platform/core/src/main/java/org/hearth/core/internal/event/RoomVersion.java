package org.hearth.core.internal.event;

import java.util.Locale;

/**
 * A room version (Room Versions): the algorithms a room runs on, as data, so that the code asks
 * its room's version instead of comparing version numbers. {@link RoomVersions} lists the ones
 * the spec defines.
 *
 * @param id the version's identifier, {@code "1"} to {@code "12"}
 * @param stability whether rooms may safely use it ("Complete list of room versions")
 * @param eventIdFormat how event IDs are formed ("Event IDs")
 * @param roomIdFormat how room IDs are formed (Appendices, "Room IDs")
 * @param redactor the redaction rules ("Redactions")
 * @param canonicalJson the canonical JSON rules for hashing and signing its events; strict from
 *     version 6 on ("v6 canonical JSON"), when events breaking them must be refused
 * @param enforcesKeyValidity whether a signing key must be valid at the event's
 *     {@code origin_server_ts} (from version 5 on, "Signing key validity period")
 * @param stateResolution the state resolution algorithm ("State resolution")
 * @param authRules what its authorisation rules switch on ("Authorisation rules")
 */
public record RoomVersion(
        String id,
        Stability stability,
        EventIdFormat eventIdFormat,
        RoomIdFormat roomIdFormat,
        Redactor redactor,
        CanonicalJson canonicalJson,
        boolean enforcesKeyValidity,
        StateResolution stateResolution,
        AuthRuleSet authRules) {

    /** Whether a redaction names its target in {@code content.redacts} (from version 11) rather than at the top level. */
    public boolean redactsInContent() {
        return redactor == Redactor.V11;
    }

    /** Whether events breaking the canonical JSON number rules are refused (from version 6 on). */
    public boolean enforcesCanonicalJson() {
        return canonicalJson.isStrict();
    }

    /** The stability labels of the {@code m.room_versions} capability. */
    public enum Stability {
        STABLE,
        UNSTABLE;

        /** As the capability writes it: {@code stable} or {@code unstable}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The state resolution algorithms: room version 1's, version 2's, and version 12's revision of it. */
    public enum StateResolution {
        V1("v1"),
        V2("v2"),
        V2_1("v2.1");

        private final String id;

        StateResolution(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }
}
