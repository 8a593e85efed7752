package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hearth.core.internal.event.Pdu;

/**
 * The two signature questions the authorisation rules ask, answered by the event signing code
 * (Server-Server API, "Signing Events"). The rules themselves never verify a signature.
 */
public interface SignatureChecks {
    /**
     * Whether the event carries a valid signature of {@code serverName} (rule 4.2,
     * {@code join_authorised_via_users_server}, room version 8 on).
     */
    boolean isSignedBy(Pdu event, String serverName);

    /**
     * Whether any signature in {@code signed} (the {@code signed} object of
     * {@code content.third_party_invite}) verifies against one of the Ed25519
     * {@code publicKeys} of the matching {@code m.room.third_party_invite} event (rule 4.4.1.7).
     */
    boolean thirdPartyInviteSigned(JsonNode signed, List<String> publicKeys);
}
