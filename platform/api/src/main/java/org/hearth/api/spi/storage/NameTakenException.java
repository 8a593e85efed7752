package org.hearth.api.spi.storage;

/**
 * A {@link WriteBatch} claimed a name that is taken: a new room's ID or an alias. The batch
 * wrote nothing.
 */
public class NameTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of name. */
    public enum Kind { ROOM_ID, ALIAS }

    private final Kind kind;
    private final String name;

    public NameTakenException(Kind kind, String name) {
        super(kind + " " + name + " is taken");
        this.kind = kind;
        this.name = name;
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }
}
