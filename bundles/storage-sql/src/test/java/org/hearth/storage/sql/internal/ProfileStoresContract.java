package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.hearth.api.spi.storage.OpenIdTokenStore;
import org.hearth.api.spi.storage.ProfileStore;
import org.junit.jupiter.api.Test;

/** The {@link ProfileStore} and {@link OpenIdTokenStore} contracts; run by {@link StoreSuite} on each database. */
abstract class ProfileStoresContract {
    final ProfileStore profiles;
    final OpenIdTokenStore openIdTokens;

    ProfileStoresContract(StoreSuite suite) {
        profiles = new SqlProfileStore(suite.database);
        openIdTokens = new SqlOpenIdTokenStore(suite.database);
    }

    @Test
    void fieldsAreSetReplacedAndRemovedPerUser() {
        profiles.setField(ALICE, "avatar_url", "\"mxc://a/1\"");
        profiles.setField(ALICE, "m.tz", "\"Europe/Paris\"");
        profiles.setField(ALICE, "avatar_url", "\"mxc://a/2\"");
        profiles.setField(BOB, "org.example.x", "{\"n\":[1,2]}");

        assertEquals(Map.of("avatar_url", "\"mxc://a/2\"", "m.tz", "\"Europe/Paris\""), profiles.fields(ALICE));
        profiles.removeField(ALICE, "m.tz");
        profiles.removeField(ALICE, "never.set");
        assertEquals(Map.of("avatar_url", "\"mxc://a/2\""), profiles.fields(ALICE));
        assertEquals(Map.of("org.example.x", "{\"n\":[1,2]}"), profiles.fields(BOB));
    }

    @Test
    void anOpenIdTokenNamesItsUserUntilItExpires() {
        byte[] hash = new byte[32];
        hash[0] = 7;
        openIdTokens.add(hash, ALICE, 2_000);

        assertEquals(Optional.of(ALICE), openIdTokens.userOf(hash, 1_999));
        assertTrue(openIdTokens.userOf(new byte[32], 1_000).isEmpty(), "an unknown token");
        assertTrue(openIdTokens.userOf(hash, 2_000).isEmpty(), "expired");
        assertTrue(openIdTokens.userOf(hash, 1_000).isEmpty(), "and deleted once expired");
    }
}
