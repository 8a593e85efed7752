package org.hearth.launcher;

/**
 * A reason the server cannot start (bad configuration, port in use); its message is the one
 * line the operator sees, naming the file, the key and the problem.
 */
public final class StartupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StartupFailure(String message) {
        super(message);
    }

    StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
