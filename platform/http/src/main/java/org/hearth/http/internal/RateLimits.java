package org.hearth.http.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.config.ConfigException;
import org.hearth.api.http.RateLimiter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code rate_limits:} section ({@link RateLimitsConfig}): a token bucket per action class and
 * key. Bots get {@code exempt_users}, and test servers {@code enabled: false}.
 */
@Component(service = {RateLimiter.class, RateLimits.class}, configurationPid = "hearth.rate_limits",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RateLimitsConfig.class)
public class RateLimits implements RateLimiter {
    /** Buckets kept per class; the least recently used go first beyond this. */
    private static final long MAX_KEYS = 100_000;

    /** One class's limit: actions per second and burst. */
    record Limit(double perSecond, int burst) {}

    /** The rate-limit classes ({@link RateLimiter}'s constants). */
    static final Set<String> CLASSES = Set.of(LOGIN, REGISTRATION, MESSAGE, ROOM_CREATION, JOIN, INVITE, STATE,
            PROFILE, PASSWORD_CHECK, MEDIA_UPLOAD, KEYS);

    private final boolean enabled;
    private final Set<String> exempt;
    private final Map<String, TokenBuckets> buckets = new HashMap<>();
    /** Core's clock when it is there (tests move it on); the system's until then. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public RateLimits(RateLimitsConfig config) {
        enabled = config.enabled();
        exempt = Set.copyOf(Arrays.asList(config.exempt__users()));
        limits(config).forEach((name, limit) -> {
            if (!(limit.perSecond() > 0) || limit.burst() < 1) {
                throw new ConfigException("rate_limits." + name + ": per_second must be above 0 and burst at least 1");
            }
            buckets.put(name, new TokenBuckets(limit.perSecond(), limit.burst(), MAX_KEYS, this::now));
        });
    }

    private static Map<String, Limit> limits(RateLimitsConfig config) {
        return Map.ofEntries(
            Map.entry(LOGIN, new Limit(config.login_per__second(), config.login_burst())),
            Map.entry(REGISTRATION, new Limit(config.registration_per__second(), config.registration_burst())),
            Map.entry(MESSAGE, new Limit(config.message_per__second(), config.message_burst())),
            Map.entry(ROOM_CREATION, new Limit(config.room__creation_per__second(), config.room__creation_burst())),
            Map.entry(JOIN, new Limit(config.join_per__second(), config.join_burst())),
            Map.entry(INVITE, new Limit(config.invite_per__second(), config.invite_burst())),
            Map.entry(STATE, new Limit(config.state_per__second(), config.state_burst())),
            Map.entry(PROFILE, new Limit(config.profile_per__second(), config.profile_burst())),
            Map.entry(PASSWORD_CHECK, new Limit(config.password__check_per__second(), config.password__check_burst())),
            Map.entry(MEDIA_UPLOAD, new Limit(config.media__upload_per__second(), config.media__upload_burst())),
            Map.entry(KEYS, new Limit(config.keys_per__second(), config.keys_burst())));
    }

    private long now() {
        Clock c = clock;
        return c != null ? c.millis() : System.currentTimeMillis();
    }

    /**
     * The front door's limit for a route: per user once the request is authenticated, else per
     * address (Synapse keys its limits the same way). Application services and their users are
     * never limited: they act for many people at once.
     */
    void acquireFor(String limitClass, Requester requester, String remoteAddress) throws MatrixException {
        if (requester == null) {
            acquire(limitClass, "ip:" + remoteAddress);
        } else if (requester.appServiceId() == null) {
            acquire(limitClass, requester.userId().toString());
        }
    }

    /**
     * {@inheritDoc} A key is a user ID ({@code @alice:example.org}) or an address
     * ({@code ip:192.0.2.1}); a user in {@code exempt_users} is never limited.
     */
    @Override
    public void acquire(String limitClass, String key) throws MatrixException {
        if (!enabled || exempt.contains(key)) {
            return;
        }
        TokenBuckets limiter = buckets.get(limitClass);
        if (limiter == null) {
            throw new IllegalArgumentException("unknown rate-limit class " + limitClass);
        }
        limiter.acquire(key);
    }
}
