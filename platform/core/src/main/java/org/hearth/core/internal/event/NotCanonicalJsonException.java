package org.hearth.core.internal.event;

/**
 * JSON that has no Canonical JSON encoding (Appendices, "Canonical JSON"): a float or an
 * integer outside [-(2^53)+1, (2^53)-1] where the room version enforces the number rules, or
 * a value JSON cannot carry at all. Room versions 6 and later turn this into a 400
 * {@code M_BAD_JSON}, or drop the event when it came over federation ("v6 canonical JSON").
 */
public final class NotCanonicalJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String pointer;

    NotCanonicalJsonException(String pointer, String problem) {
        super((pointer.isEmpty() ? "the JSON value" : pointer) + ": " + problem);
        this.pointer = pointer;
    }

    /** Where the offending value is, as a JSON Pointer (RFC 6901); empty for the whole value. */
    public String pointer() {
        return pointer;
    }
}
