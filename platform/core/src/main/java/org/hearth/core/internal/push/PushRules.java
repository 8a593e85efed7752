package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Each user's push rules: read, changed through {@code /pushrules}, and compiled for evaluation.
 *
 * <ul>
 *   <li>A change is stored, then published as the global account data {@code m.push_rules}
 *       (the whole ruleset, as clients read it from {@code /sync}), and wakes the user's syncs.</li>
 *   <li>Changes of one user are serialised (read, change, write under the user's lock).</li>
 *   <li>With {@code push.legacy_mention_rules}, every user's predefined rules hold the rules
 *       spec v1.17 removed that find mentions in the body ({@link PredefinedRules}).</li>
 *   <li>Compiled rules are cached for up to {@value #CACHED_USERS} users; a change drops the
 *       user's entry. Users whose rules differ only by their IDs share compiled rules.</li>
 * </ul>
 */
@Component(service = PushRules.class, configurationPid = "hearth.push",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class PushRules {
    static final int CACHED_USERS = 10_000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final PushStore store;
    private final UserDataStore userData;
    private final Notifier notifier;
    private final boolean legacyMentions;
    /**
     * Read without a lock, for every member of a room for every message (a cache that records its
     * reads cost more than the rest of the lookup); changed under {@link #compiling}. When full it
     * starts again empty: rules compile in microseconds.
     */
    private final Map<String, CompiledRules> compiled = new ConcurrentHashMap<>();
    private final Object compiling = new Object();
    /**
     * Compiled rules by {@link PushRuleSet#shape}, read without a lock and changed under
     * {@link #compiling}: the members of a room with the predefined rules share one, compiled for
     * the first of them and reduced once per event for all of them.
     */
    private final Map<String, CompiledRules> shapes = new ConcurrentHashMap<>();
    /** Striped locks serialising the changes of one user. */
    private final Object[] locks = new Object[64];
    /** Counts changes: a compilation that raced with a change is not cached. */
    private final AtomicLong changes = new AtomicLong();

    @Activate
    public PushRules(@Reference PushStore store, @Reference UserDataStore userData, @Reference Notifier notifier,
                     PushConfig config) {
        this.store = store;
        this.userData = userData;
        this.notifier = notifier;
        this.legacyMentions = config.legacy__mention__rules();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** The user's rules. */
    public PushRuleSet of(UserId user) {
        return PushRuleSet.of(user, store.pushRules(user), legacyMentions);
    }

    /** A change to the user's rules. */
    @FunctionalInterface
    public interface Change {
        void apply(PushRuleSet rules) throws MatrixException;
    }

    /** Applies the change and stores it; nothing is stored when the change refuses. */
    public void change(UserId user, Change change) throws MatrixException {
        synchronized (locks[Math.floorMod(user.toString().hashCode(), locks.length)]) {
            PushRuleSet rules = of(user);
            change.apply(rules);
            store.putPushRules(user, rules.stored());
            ObjectNode content = F.objectNode();
            content.set("global", rules.global());
            userData.putAccountData(user, null, "m.push_rules", Json.write(content));
            changes.incrementAndGet();
            synchronized (compiling) {
                compiled.remove(user.toString());
            }
        }
        notifier.userChanged(user.toString());
    }

    /** Changes on every change of anyone's rules: what was compiled before may be stale. */
    long version() {
        return changes.get();
    }

    /** The user's enabled rules, compiled (cached); empty for a string that is no user ID. */
    Optional<CompiledRules> compiled(String userId) {
        CompiledRules cached = compiled.get(userId);
        if (cached != null) { // parsed when first compiled: a room's members are not parsed for every message
            return Optional.of(cached);
        }
        UserId user = UserId.parse(userId).orElse(null);
        if (user == null) {
            return Optional.empty();
        }
        long before = changes.get();
        PushRuleSet set = of(user);
        Optional<String> shape = set.shape(user);
        CompiledRules known = shape.map(shapes::get).orElse(null);
        CompiledRules fresh = known != null ? known : CompiledRules.of(set, userId, shape.isPresent());
        synchronized (compiling) {
            if (known == null && shape.isPresent()) {
                if (shapes.size() >= CACHED_USERS) {
                    shapes.clear();
                }
                CompiledRules first = shapes.putIfAbsent(shape.get(), fresh);
                fresh = first != null ? first : fresh;
            }
            if (changes.get() == before) {
                if (compiled.size() >= CACHED_USERS) {
                    compiled.clear();
                }
                compiled.put(userId, fresh);
            }
        }
        return Optional.of(fresh);
    }
}
