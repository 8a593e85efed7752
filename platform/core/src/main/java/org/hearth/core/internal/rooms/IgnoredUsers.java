package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Ignoring users (Client-Server API, "Ignoring Users"): the users named in the account data
 * {@code m.ignored_user_list} of a user. Their message events are hidden from that user in
 * {@code /sync}, {@code /messages} and {@code /context}, and their invites in {@code /sync};
 * their state events are still shown, so that a room looks the same to everyone.
 */
@Component(service = IgnoredUsers.class)
public class IgnoredUsers {
    public static final String TYPE = "m.ignored_user_list";
    /** A bound on the list a client may store. */
    private static final int MAX_IGNORED = 10_000;
    private final UserDataStore userData;
    private final RecentEvents recent;
    /** What each syncing user ignores, as of a stream position (see {@link #of(UserId, long)}). */
    private final Cache<UserId, Known> known = Caffeine.newBuilder().maximumSize(100_000).build();

    private record Known(long position, Ignored ignored) {}

    @Activate
    public IgnoredUsers(@Reference UserDataStore userData, @Reference RecentEvents recent) {
        this.userData = userData;
        this.recent = recent;
    }

    /** The users one user ignores; as a predicate, the events that user is shown. */
    public record Ignored(Set<String> users) implements Predicate<StoredEvent> {
        /** State events, and other events unless an ignored user sent them. */
        @Override
        public boolean test(StoredEvent event) {
            return event.stateKey() != null || !users.contains(event.sender());
        }

        /** Whether an invite (a state event) is hidden: an ignored user sent it. */
        public boolean hidesInvite(StoredEvent invite) {
            return users.contains(invite.sender());
        }
    }

    /**
     * Whom the user ignores as of the stream position {@code upTo}, for {@code /sync}: what was read
     * for an earlier position while the stream since then holds only events (account data takes its
     * positions from the same counter, so a change of the list would be a position that is no event).
     */
    public Ignored of(UserId user, long upTo) {
        Known k = known.getIfPresent(user);
        if (k != null && k.position() <= upTo && recent.onlyEventsIn(k.position(), upTo)) {
            known.put(user, new Known(upTo, k.ignored())); // the next look checks a shorter range
            return k.ignored();
        }
        Ignored ignored = of(user); // read after upTo: a change in between makes the next look read again
        known.put(user, new Known(upTo, ignored));
        return ignored;
    }

    /** Whom the user ignores. */
    public Ignored of(UserId user) {
        Set<String> ignored = new HashSet<>();
        userData.accountData(user, null, TYPE).map(Json::stored)
                .map(c -> c.path("ignored_users")).filter(JsonNode::isObject)
                .ifPresent(users -> users.fieldNames().forEachRemaining(ignored::add));
        return new Ignored(Set.copyOf(ignored));
    }

    /**
     * 400 unless the content of a new {@code m.ignored_user_list} is well formed:
     * {@code ignored_users} an object keyed by user IDs other than the owner's own.
     */
    public static void check(UserId owner, JsonNode content) throws MatrixException {
        JsonNode users = content.get("ignored_users");
        if (users == null || !users.isObject()) {
            throw MatrixException.badJson("ignored_users must be an object");
        }
        if (users.size() > MAX_IGNORED) {
            throw MatrixException.badJson("At most " + MAX_IGNORED + " users can be ignored");
        }
        for (var it = users.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            if (UserId.parse(id).isEmpty()) {
                throw MatrixException.badJson(id + " in ignored_users is not a user ID");
            }
            if (id.equals(owner.toString())) {
                throw MatrixException.badJson("You cannot ignore yourself");
            }
        }
    }
}
