package org.hearth.api.spi.storage;

/**
 * A {@link WriteBatch} claimed a name that is taken: a new room's ID, an alias, or the client
 * transaction of an event (the device sent it already: {@link EventStore#eventForTransaction}
 * finds that event). The batch wrote nothing.
 */
public class NameTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of name. */
    public enum Kind { ROOM_ID, ALIAS, TRANSACTION }

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
