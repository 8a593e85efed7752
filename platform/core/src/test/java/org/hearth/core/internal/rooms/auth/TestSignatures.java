package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hearth.core.internal.event.Pdu;

/**
 * A stand-in for signature verification: an event counts as signed by a server when its
 * {@code signatures} has an entry for it, and a third-party invite's {@code signed} matches a
 * public key when one of its signatures is that key written out. Real verification belongs to the
 * signing code.
 */
public final class TestSignatures implements SignatureChecks {
    @Override
    public boolean isSignedBy(Pdu event, String serverName) {
        JsonNode signatures = event.field("signatures");
        return signatures != null && signatures.has(serverName);
    }

    @Override
    public boolean thirdPartyInviteSigned(JsonNode signed, List<String> publicKeys) {
        for (JsonNode byServer : signed.path("signatures")) {
            for (JsonNode signature : byServer) {
                if (publicKeys.contains(signature.asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
