package org.hearth.core.internal.account;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.RequestAuth;
import org.hearth.api.auth.Requester;
import org.hearth.api.config.ConfigException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.NewSession;
import org.hearth.api.spi.storage.RefreshToken;
import org.hearth.api.spi.storage.Session;
import org.hearth.core.internal.e2ee.DeviceLists;
import org.hearth.core.internal.util.TextLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Access and refresh tokens: issuing them at login, resolving them on every request
 * ({@link RequestAuth}), refreshing and revoking them.
 *
 * <p>Resolving a token is on the path of every authenticated request, so the last known
 * sessions are cached in memory; every revocation made through this class evicts the user's
 * entries. Each request notes its device's last sighting ({@link LastSeen}).
 */
@Component(service = {Sessions.class, RequestAuth.class}, configurationPid = "hearth.accounts",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AccountsConfig.class)
public class Sessions implements RequestAuth {
    private static final int MAX_CACHED = 100_000;
    /** Longest device display name. */
    public static final int MAX_DEVICE_NAME_BYTES = 255;

    private final DeviceStore devices;
    private final AccountStore accounts;
    private final DeviceLists deviceLists;
    private final LastSeen lastSeen;
    private final long refreshableLifetimeMs;
    /** Bounded: beyond {@value #MAX_CACHED} sessions the least recently used are read again from the database. */
    private final Cache<TokenKey, Cached> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).executor(Runnable::run).build();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    /** A token hash as a map key. */
    private record TokenKey(byte[] hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TokenKey k && Arrays.equals(hash, k.hash);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hash);
        }
    }

    private record Cached(Session session, boolean admin, boolean guest, boolean locked, boolean suspended) {}

    /** What a locked account may still do (spec "Account locking"): end its sessions. */
    private static final Pattern LOGOUT = Pattern.compile("/_matrix/client/(?:r0|v3)/logout(?:/all)?");

    /** What a client gets after login, registration or refresh. */
    public record Issued(String accessToken, String refreshToken, Long expiresInMs, String deviceId) {
        public Map<String, Object> toJson(UserId userId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user_id", userId.toString());
            body.put("access_token", accessToken);
            body.put("device_id", deviceId);
            body.put("home_server", userId.server().value());
            if (refreshToken != null) {
                body.put("refresh_token", refreshToken);
            }
            if (expiresInMs != null) {
                body.put("expires_in_ms", expiresInMs);
            }
            return body;
        }
    }

    @Activate
    public Sessions(@Reference DeviceStore devices, @Reference AccountStore accounts, @Reference DeviceLists deviceLists,
                    @Reference LastSeen lastSeen, AccountsConfig config) {
        this.devices = devices;
        this.accounts = accounts;
        this.deviceLists = deviceLists;
        this.lastSeen = lastSeen;
        this.refreshableLifetimeMs = config.refreshable__access__token__lifetime__ms();
        if (refreshableLifetimeMs < 1) {
            throw new ConfigException("accounts.refreshable_access_token_lifetime_ms: expected a whole number above 0");
        }
    }

    /**
     * Starts a session on a device (a new one when {@code deviceId} is null). A client that asks
     * for a refresh token gets an access token that expires; others get one that does not.
     */
    public Issued start(UserId userId, String deviceId, String deviceName, boolean refreshable, String ip)
            throws MatrixException {
        if (deviceId != null && !DeviceId.isValid(deviceId)) {
            throw MatrixException.invalidParam("Invalid device_id: 1 to 255 bytes of printable characters");
        }
        checkDeviceName(deviceName);
        String device = deviceId != null ? deviceId : Tokens.newDeviceId();
        String access = Tokens.newAccessToken();
        String refresh = refreshable ? Tokens.newRefreshToken() : null;
        long now = clock.millis();
        Long expiresAt = refreshable ? now + refreshableLifetimeMs : null;
        devices.createSession(new NewSession(userId, device, deviceName, Tokens.sha256(access), expiresAt,
                refresh == null ? null : Tokens.sha256(refresh), ip, now));
        deviceLists.devicesChanged(userId, List.of(device)); // a new device is a device-list change; a known one wakes polls needlessly, rarely
        return new Issued(access, refresh, refreshable ? refreshableLifetimeMs : null, device);
    }

    /** A device's display name, set by its owner: 400 when it holds NUL or is longer than 255 bytes. */
    public static void checkDeviceName(String name) throws MatrixException {
        if (name != null) {
            TextLimits.text(name, "The device display name", MAX_DEVICE_NAME_BYTES);
        }
    }

    /** POST /refresh: a new access and refresh token for a refresh token (401 when unknown or spent). */
    public Issued refresh(String refreshToken) throws MatrixException {
        Optional<RefreshToken> found = devices.findRefreshToken(Tokens.sha256(refreshToken));
        if (found.isEmpty()) {
            throw unknownToken(false, "Unknown or revoked refresh token");
        }
        RefreshToken old = found.get();
        if (accounts.find(old.userId()).map(Account::locked).orElse(false)) {
            throw locked(); // no new access token until the account is unlocked
        }
        String access = Tokens.newAccessToken();
        String refresh = Tokens.newRefreshToken();
        long now = clock.millis();
        devices.rotate(old, Tokens.sha256(access), now + refreshableLifetimeMs, Tokens.sha256(refresh), now);
        evict(old.userId());
        return new Issued(access, refresh, refreshableLifetimeMs, old.deviceId());
    }

    @Override
    public Requester require(RouteRequest request) throws MatrixException {
        String token = request.accessToken().orElseThrow(() ->
                new MatrixException(401, "M_MISSING_TOKEN", "Missing access token"));
        return require(token, request.remoteAddress(), request);
    }

    /**
     * The session of an access token sent from this address: 401 {@code M_UNKNOWN_TOKEN} when
     * unknown or expired, 401 {@code M_USER_LOCKED} when its account is locked.
     */
    public Requester require(String token, String ip) throws MatrixException {
        return require(token, ip, null);
    }

    /** {@code request}: the route's, to let a locked account log out and to name the client; null for none. */
    private Requester require(String token, String ip, RouteRequest request) throws MatrixException {
        TokenKey key = new TokenKey(Tokens.sha256(token));
        Cached cached = cache.getIfPresent(key);
        if (cached == null) {
            cached = load(key);
        }
        Session session = cached.session();
        long now = clock.millis();
        if (session.expiresAt() != null && session.expiresAt() <= now) {
            cache.invalidate(key);
            throw unknownToken(true, "Access token has expired");
        }
        if (cached.locked() && !(request != null && "POST".equals(request.method())
                && LOGOUT.matcher(request.path()).matches())) {
            throw locked();
        }
        if (!session.used() && session.refreshTokenId() != null) {
            devices.markUsed(session);
            cached = new Cached(new Session(session.accessTokenId(), session.userId(), session.deviceId(),
                    session.expiresAt(), session.refreshTokenId(), true), cached.admin(), cached.guest(),
                    cached.locked(), cached.suspended());
            cache.put(key, cached);
        }
        // the header is read only when the sighting is noted: once a minute a device
        lastSeen.note(session.userId(), session.deviceId(), now, ip,
                () -> request == null ? null : request.header("User-Agent").orElse(null));
        return new Requester(session.userId(), new DeviceId(session.deviceId()), cached.admin(), cached.guest(), null,
                session.accessTokenId(), cached.suspended());
    }

    private Cached load(TokenKey key) throws MatrixException {
        Session session = devices.findByAccessToken(key.hash())
                .orElseThrow(() -> unknownToken(false, "Unknown or revoked access token"));
        Account account = accounts.find(session.userId())
                .filter(a -> !a.deactivated())
                .orElseThrow(() -> unknownToken(false, "This account has been deactivated"));
        Cached cached = new Cached(session, account.admin(), account.guest(), account.locked(), account.suspended());
        cache.put(key, cached);
        return cached;
    }

    /** POST /logout: deletes the device of this session with all its tokens. */
    public void logout(Requester requester) {
        deleteDevices(requester.userId(), List.of(requester.deviceId().value()));
    }

    /** Deletes devices and their tokens, and forgets their cached sessions. */
    public void deleteDevices(UserId userId, Collection<String> deviceIds) {
        devices.deleteDevices(userId, deviceIds);
        evict(userId);
        deviceLists.devicesChanged(userId, deviceIds);
    }

    /** Forgets every cached session of the user: after a revocation, an admin change, a deactivation. */
    public void evict(UserId userId) {
        cache.asMap().values().removeIf(c -> c.session().userId().equals(userId));
    }

    /** 401 {@code M_USER_LOCKED}, with {@code soft_logout}: the client keeps its session for when the lock is lifted. */
    static MatrixException locked() {
        return new MatrixException(401, "M_USER_LOCKED", "This account has been locked", Map.of("soft_logout", true));
    }

    private static MatrixException unknownToken(boolean softLogout, String error) {
        return new MatrixException(401, "M_UNKNOWN_TOKEN", error, Map.of("soft_logout", softLogout));
    }
}
