package org.hearth.media.internal.preview;

/**
 * A URL could not be previewed.
 *
 * @see #refused()
 */
final class PreviewException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean refused;

    private PreviewException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /** The URL or an address it leads to may not be fetched (403). */
    static PreviewException refused(String message) {
        return new PreviewException(message, true);
    }

    /** The fetch failed: unreachable, too slow, too large, not HTTP (502). */
    static PreviewException failed(String message) {
        return new PreviewException(message, false);
    }

    boolean refused() {
        return refused;
    }
}
