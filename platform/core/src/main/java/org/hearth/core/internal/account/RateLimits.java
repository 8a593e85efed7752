package org.hearth.core.internal.account;

import java.util.Map;
import org.hearth.api.config.Settings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The {@code rate_limits:} section: how often one address or one user may try to log in, and
 * one address may register.
 */
@Component(service = RateLimits.class, configurationPid = "hearth.rate_limits",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class RateLimits {
    private final RateLimiter login;
    private final RateLimiter registration;

    @Activate
    public RateLimits(Map<String, Object> properties) {
        Settings settings = new Settings("rate_limits", properties);
        login = limiter(settings, "login", 0.5, 10);
        registration = limiter(settings, "registration", 0.17, 5);
    }

    private static RateLimiter limiter(Settings settings, String name, double perSecond, int burst) {
        return new RateLimiter(settings.decimal(name + ".per_second", perSecond),
                (int) settings.number(name + ".burst", burst, 1, Integer.MAX_VALUE));
    }

    /** Login attempts, keyed by address and by user. */
    public RateLimiter login() {
        return login;
    }

    /** Registrations and availability checks, keyed by address. */
    public RateLimiter registration() {
        return registration;
    }
}
