package org.hearth.core.internal.account;

import org.osgi.service.component.annotations.Component;

/** The one {@link PasswordHasher} of the core bundle (it precomputes a decoy hash once). */
@Component(service = PasswordHasherService.class)
public class PasswordHasherService {
    private final PasswordHasher hasher = new PasswordHasher();

    public PasswordHasher get() {
        return hasher;
    }
}
