package org.hearth.http.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.config.ConfigException;
import org.hearth.api.config.Settings;
import org.hearth.api.http.RateLimiter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code rate_limits:} section: a token bucket per action class and key. Defaults are meant
 * for people chatting; bots get {@code exempt_users}, and test servers {@code enabled: false}.
 */
@Component(service = {RateLimiter.class, RateLimits.class}, configurationPid = "hearth.rate_limits",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class RateLimits implements RateLimiter {
    /** Buckets kept per class; the least recently used go first beyond this. */
    private static final long MAX_KEYS = 100_000;

    /** One class's default: actions per second and burst. */
    record Default(double perSecond, int burst) {}

    /** The classes and their defaults (documented in conf/hearth.yaml). */
    static final Map<String, Default> DEFAULTS = Map.ofEntries(
            Map.entry(LOGIN, new Default(0.5, 10)),
            Map.entry(REGISTRATION, new Default(0.17, 5)),
            Map.entry(MESSAGE, new Default(10, 50)),
            Map.entry(ROOM_CREATION, new Default(0.2, 10)),
            Map.entry(JOIN, new Default(0.5, 20)),
            Map.entry(INVITE, new Default(0.5, 20)),
            Map.entry(STATE, new Default(2, 30)),
            Map.entry(PROFILE, new Default(1, 10)),
            Map.entry(PASSWORD_CHECK, new Default(0.2, 5)),
            Map.entry(MEDIA_UPLOAD, new Default(2, 20)),
            Map.entry(KEYS, new Default(20, 100)));

    private final boolean enabled;
    private final Set<String> exempt;
    private final Map<String, TokenBuckets> buckets = new HashMap<>();
    /** Core's clock when it is there (tests move it on); the system's until then. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public RateLimits(Map<String, Object> properties) {
        Settings settings = new Settings("rate_limits", properties);
        enabled = settings.flag("enabled", true);
        exempt = Set.copyOf(settings.strings("exempt_users", List.of()));
        DEFAULTS.forEach((name, d) -> {
            double perSecond = settings.decimal(name + ".per_second", d.perSecond());
            if (!(perSecond > 0)) {
                throw new ConfigException("rate_limits." + name + ".per_second: expected a number above 0");
            }
            buckets.put(name, new TokenBuckets(perSecond,
                    (int) settings.number(name + ".burst", d.burst(), 1, Integer.MAX_VALUE), MAX_KEYS, this::now));
        });
    }

    private long now() {
        Clock c = clock;
        return c != null ? c.millis() : System.currentTimeMillis();
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
