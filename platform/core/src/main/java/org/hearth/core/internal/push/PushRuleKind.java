package org.hearth.core.internal.push;

import java.util.List;
import org.hearth.api.MatrixException;

/** The kinds of push rule, highest priority first (spec "Push Rules"). */
public enum PushRuleKind {
    OVERRIDE, CONTENT, ROOM, SENDER, UNDERRIDE;

    public static final List<PushRuleKind> BY_PRIORITY = List.of(values());

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind named in a path: 400 {@code M_INVALID_PARAM} for an unknown one. */
    public static PushRuleKind parse(String text) throws MatrixException {
        for (PushRuleKind kind : values()) {
            if (kind.key().equals(text)) {
                return kind;
            }
        }
        throw MatrixException.invalidParam("Unknown push rule kind " + text);
    }
}
