package org.hearth.federation.internal.inbound;

import java.util.function.Supplier;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.FederationHost;

/**
 * Core's {@link FederationHost}, which may come and go: while it is
 * absent, the endpoints that need it answer 503 {@code M_UNRECOGNIZED}, after the request was
 * authenticated, and the remote server retries later.
 */
public final class HostAccess {
    private final Supplier<FederationHost> host;

    public HostAccess(Supplier<FederationHost> host) {
        this.host = host;
    }

    public FederationHost require() throws MatrixException {
        FederationHost h = host.get();
        if (h == null) {
            throw new MatrixException(503, "M_UNRECOGNIZED", "This server cannot handle rooms over federation yet");
        }
        return h;
    }
}
