package org.hearth.itest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * {@code room_directory.public_without_auth: true} opens {@code GET /publicRooms} to clients
 * without an access token (off by default: {@code InputLimitsContract#publicRoomsNeedATokenByDefault}).
 * Run once per database by the subclasses.
 */
abstract class PublicDirectoryContract {

    abstract MatrixHttp http();

    @Test
    void anyoneMayListPublicRoomsWhenTheServerSaysSo() {
        Accounts.Login alice = Accounts.register(http(), "publisher", "pw");
        Reply created = alice.http().post("/_matrix/client/v3/createRoom", Map.of("visibility", "public", "name", "Plaza"));
        assertEquals(200, created.status(), created.text());

        Reply anonymous = http().get("/_matrix/client/v3/publicRooms");
        assertEquals(200, anonymous.status(), anonymous.text());
        assertEquals(created.json().get("room_id").asText(), anonymous.json().at("/chunk/0/room_id").asText());
        Reply badToken = http().as("not-a-token").get("/_matrix/client/v3/publicRooms");
        assertEquals(401, badToken.status(), "a token that is sent must be valid");
        assertEquals("M_UNKNOWN_TOKEN", badToken.errcode());
        assertEquals(401, http().post("/_matrix/client/v3/publicRooms", Map.of()).status(), "searching still needs a user");
    }
}
