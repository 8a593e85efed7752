package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.ThirdPartySigned;
import org.hearth.core.internal.rooms.auth.SignatureChecks;

/**
 * The signature questions of the authorization rules for events this server creates and signs
 * itself: an event is signed by a server when it carries that server's signature. Events
 * received over federation are verified before they get here (with the federation bundle).
 * A third-party invite's {@code signed} object verifies against the invite's public keys.
 */
enum LocalSignatures implements SignatureChecks {
    INSTANCE;

    @Override
    public boolean isSignedBy(Pdu event, String serverName) {
        JsonNode signatures = event.field("signatures");
        return signatures != null && signatures.has(serverName);
    }

    @Override
    public boolean thirdPartyInviteSigned(JsonNode signed, List<String> publicKeys) {
        return ThirdPartySigned.keyThatSigned(signed, publicKeys).isPresent();
    }
}
