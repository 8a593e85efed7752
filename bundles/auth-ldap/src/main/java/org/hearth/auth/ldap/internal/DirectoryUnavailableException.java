package org.hearth.auth.ldap.internal;

/** No directory server could answer: none reachable, a timeout, or the service account refused. */
final class DirectoryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
