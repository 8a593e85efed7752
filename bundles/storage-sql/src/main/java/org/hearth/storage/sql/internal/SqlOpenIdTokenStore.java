package org.hearth.storage.sql.internal;

import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OpenIdTokenStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link OpenIdTokenStore} on the {@link Database}: {@code openid_tokens}. */
@Component(service = OpenIdTokenStore.class)
public final class SqlOpenIdTokenStore implements OpenIdTokenStore {
    private final Database database;

    @Activate
    public SqlOpenIdTokenStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public void add(byte[] tokenHash, UserId userId, long expiresAt) {
        database.write("OpenIdTokenStore.add", ProfileMapper.class,
                m -> m.insertOpenIdToken(tokenHash, userId, expiresAt));
    }

    @Override
    public Optional<UserId> userOf(byte[] tokenHash, long now) {
        database.write("OpenIdTokenStore.expire", ProfileMapper.class, m -> m.deleteExpiredOpenIdTokens(now));
        return database.read("OpenIdTokenStore.userOf", ProfileMapper.class, m -> m.openIdTokenUser(tokenHash, now));
    }
}
