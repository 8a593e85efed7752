package org.hearth.core.internal.presence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * Presence of local users (Client-Server API, "Presence"), kept in memory like typing: it says
 * what is happening now, so a restart that forgets it only makes everyone offline until they
 * come back.
 *
 * <ul>
 *   <li>A user is {@code offline} until they set a state or sync (a sync marks them
 *       {@code online} unless it says {@code set_presence}).</li>
 *   <li>Activity (syncing, setting {@code online}) bumps the last active time; an
 *       {@code unavailable} user who is active again becomes {@code online} ("Idle timeout").</li>
 *   <li>After {@code presence.idle_after_minutes} without activity an {@code online} user reads
 *       as {@code unavailable}; a sweep turns that into a change the users sharing a room get in
 *       {@code /sync}.</li>
 *   <li>Every change takes the next position of the presence stream ({@code p} of the sync
 *       token) and wakes the syncs of the user's rooms.</li>
 *   <li>{@code presence.enabled: false}: nothing is recorded; everyone reads as offline.</li>
 * </ul>
 */
@Component(service = Presence.class, configurationPid = "hearth.presence", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PresenceConfig.class)
public class Presence {
    public static final String ONLINE = "online";
    public static final String UNAVAILABLE = "unavailable";
    public static final String OFFLINE = "offline";
    private static final Set<String> STATES = Set.of(ONLINE, UNAVAILABLE, OFFLINE);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** A bound on the status message, in characters. */
    static final int MAX_STATUS_CHARS = 1_000;
    /** Presence updates of users of other servers not (yet) known to share a room, held at most at once. */
    private static final int MAX_AWAITING_JOIN = 1_000;
    /** How often, and how long apart, such an update looks again whether its user's join arrived. */
    private static final int JOIN_RETRIES = 10;
    private static final long JOIN_RETRY_MS = 500;
    /** Users per {@code m.presence} EDU sent to a server that came to share a room. */
    private static final int PUSH_BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);
    /** Activity within this long counts as {@code currently_active}. */
    private static final long CURRENTLY_ACTIVE_MS = 60_000;

    /** One user's presence as set; {@code position} orders the changes. */
    record State(String presence, String statusMsg, long lastActiveAt, long position) {}

    private final boolean enabled;
    private final long idleAfterMs;
    private final Notifier notifier;
    private final EventStore events;
    private final FederationLink federation;
    private final LocalServer server;
    private final Map<UserId, State> states = new ConcurrentHashMap<>();
    /**
     * The rooms and servers whose first joined user was handled lately: the state of a room of
     * 10,000 members arriving from its server names that server 10,000 times, and each would read
     * the room's members again to find it was there already.
     */
    private final Cache<String, Boolean> serversJoined = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();
    private final AtomicInteger awaitingJoin = new AtomicInteger();
    /** Starts at the time so that positions keep growing across restarts. */
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());
    private final ScheduledExecutorService sweeper =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hearth-presence"));
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public Presence(@Reference Notifier notifier, @Reference EventStore events, @Reference FederationLink federation,
                    @Reference LocalServer server, PresenceConfig config) {
        this.federation = federation;
        this.server = server;
        this.notifier = notifier;
        this.events = events;
        this.enabled = config.enabled();
        this.idleAfterMs = TimeUnit.MINUTES.toMillis(config.idle__after__minutes());
        if (enabled) {
            long every = Math.max(1_000, Math.min(idleAfterMs / 10, 5_000));
            sweeper.scheduleWithFixedDelay(this::sweepIdle, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void stop() {
        sweeper.shutdownNow();
    }

    public boolean enabled() {
        return enabled;
    }

    /** {@code PUT /presence/{userId}/status}: 400 for a state the spec does not name. */
    public void set(UserId user, String presence, String statusMsg) throws MatrixException {
        if (!STATES.contains(presence)) {
            throw MatrixException.invalidParam("presence must be online, unavailable or offline");
        }
        if (statusMsg != null && statusMsg.length() > MAX_STATUS_CHARS) {
            throw MatrixException.invalidParam("status_msg is longer than " + MAX_STATUS_CHARS + " characters");
        }
        if (!enabled) {
            return;
        }
        State before = states.get(user);
        long lastActive = ONLINE.equals(presence) || before == null ? clock.millis() : before.lastActiveAt();
        change(user, new State(presence, statusMsg, lastActive, 0));
    }

    /**
     * A sync of the user: {@code set_presence} absent or {@code online} is activity; {@code unavailable}
     * sets that state; {@code offline} leaves the state as it is.
     */
    public void syncing(UserId user, String setPresence) throws MatrixException {
        if (setPresence != null && !STATES.contains(setPresence)) {
            throw MatrixException.invalidParam("set_presence must be online, unavailable or offline");
        }
        if (!enabled || OFFLINE.equals(setPresence)) {
            return;
        }
        State before = states.get(user);
        String statusMsg = before == null ? null : before.statusMsg();
        if (UNAVAILABLE.equals(setPresence)) {
            if (before == null || !UNAVAILABLE.equals(before.presence())) {
                change(user, new State(UNAVAILABLE, statusMsg, before == null ? clock.millis() : before.lastActiveAt(), 0));
            }
            return;
        }
        active(user);
    }

    /** Activity of the user: the last active time moves; a user not online (or gone idle) becomes online. */
    public void active(UserId user) {
        if (!enabled) {
            return;
        }
        long now = clock.millis();
        State before = states.get(user);
        if (before != null && ONLINE.equals(before.presence()) && !idle(before, now)) {
            // No new position: currently_active spares the others an update per request.
            states.computeIfPresent(user, (u, s) -> s.position() == before.position()
                    ? new State(s.presence(), s.statusMsg(), now, s.position()) : s);
            return;
        }
        change(user, new State(ONLINE, before == null ? null : before.statusMsg(), now, 0));
    }

    /**
     * A user joined a room: servers learn the presence of users they come to share a room with
     * (Server-Server API, "Presence"). A local user's presence goes to the room's other servers; the
     * first user of another server in the room gets, at their server, the presence of the room's
     * local members (a second user of that server triggers nothing: the server has them already). Off
     * the caller's thread: it reads the room's members, and presence is best effort.
     */
    public void joined(String roomId, UserId member) {
        if (!enabled) {
            return;
        }
        if (!server.isLocal(member) && serversJoined.asMap().putIfAbsent(roomId + " " + member.server(), true) != null) {
            return;
        }
        try {
            sweeper.execute(() -> {
                try {
                    if (server.isLocal(member)) {
                        if (states.containsKey(member)) {
                            federation.sendToRoom(roomId, "m.presence", push(List.of(member)));
                        }
                    } else {
                        sendMembersPresence(roomId, member.server());
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Presence for the join of {} to {} not sent", member, roomId, e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile
        }
    }

    /**
     * The presence of the room's local members, to a server one of whose users joined it; nothing
     * when another of its users was in the room already (it has heard every change since).
     */
    private void sendMembersPresence(String roomId, ServerName joiner) {
        List<UserId> local = new ArrayList<>();
        int joinerServerMembers = 0;
        for (Map.Entry<String, String> m : events.memberships(roomId).entrySet()) {
            Optional<UserId> user = UserId.parse(m.getKey()).filter(u -> "join".equals(m.getValue()));
            if (user.isEmpty()) {
                continue;
            }
            if (user.get().server().equals(joiner)) {
                joinerServerMembers++;
            } else if (server.isLocal(user.get()) && states.containsKey(user.get())) {
                local.add(user.get());
            }
        }
        if (joinerServerMembers > 1) {
            return;
        }
        for (int from = 0; from < local.size(); from += PUSH_BATCH) {
            federation.sendTo(joiner, "m.presence", push(local.subList(from, Math.min(local.size(), from + PUSH_BATCH))));
        }
    }

    private ObjectNode push(List<UserId> users) {
        ArrayNode push = F.arrayNode();
        users.forEach(u -> push.add(content(u).put("user_id", u.toString())));
        return F.objectNode().set("push", push);
    }

    /** The {@code m.presence} content of the user as it is now. */
    public ObjectNode content(UserId user) {
        State state = enabled ? states.get(user) : null;
        ObjectNode content = F.objectNode();
        if (state == null) {
            content.put("presence", OFFLINE);
            return content;
        }
        long now = clock.millis();
        String presence = idle(state, now) ? UNAVAILABLE : state.presence();
        content.put("presence", presence);
        content.put("last_active_ago", Math.max(0, now - state.lastActiveAt()));
        if (state.statusMsg() != null) {
            content.put("status_msg", state.statusMsg());
        }
        if (ONLINE.equals(presence)) {
            content.put("currently_active", now - state.lastActiveAt() < CURRENTLY_ACTIVE_MS);
        }
        return content;
    }

    /** The position of the latest change. */
    public long current() {
        return serial.get();
    }

    /** The users whose presence changed at a position in (after, upTo]; all users with a presence when after is 0. */
    public List<UserId> changed(long after, long upTo) {
        List<UserId> out = new ArrayList<>();
        states.forEach((user, state) -> {
            if (state.position() > after && state.position() <= upTo) {
                out.add(user);
            }
        });
        return out;
    }

    private boolean idle(State state, long now) {
        return ONLINE.equals(state.presence()) && now - state.lastActiveAt() >= idleAfterMs;
    }

    /** Online users idle for too long become unavailable: a change the others see. */
    private void sweepIdle() {
        long now = clock.millis();
        states.forEach((user, state) -> {
            if (idle(state, now)) {
                change(user, new State(UNAVAILABLE, state.statusMsg(), state.lastActiveAt(), 0));
            }
        });
    }

    /**
     * The presence of a user of another server ({@code m.presence} EDU, Server-Server API
     * "Presence"), kept like a local user's while a local user shares a room with them.
     */
    public void receiveRemote(UserId user, String presence, String statusMsg, long lastActiveAgo)
            throws MatrixException {
        if (!STATES.contains(presence)) {
            throw MatrixException.invalidParam("presence must be online, unavailable or offline");
        }
        if (!enabled) {
            return;
        }
        String status = statusMsg != null && statusMsg.length() <= MAX_STATUS_CHARS ? statusMsg : null;
        long now = clock.millis();
        State state = new State(presence, status, now - Math.max(0, Math.min(lastActiveAgo, now)), 0);
        if (!events.roomsOf(user, List.of("join")).isEmpty()) {
            change(user, state);
        } else if (awaitingJoin.incrementAndGet() <= MAX_AWAITING_JOIN) {
            // The update may have overtaken the join it follows: the user's server sends it once it
            // stored the join, while this server may still be storing the room it joined.
            try {
                sweeper.schedule(() -> awaitJoin(user, state, JOIN_RETRIES), JOIN_RETRY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                awaitingJoin.decrementAndGet();
            }
        } else {
            awaitingJoin.decrementAndGet();
        }
    }

    private void awaitJoin(UserId user, State state, int retries) {
        try {
            if (!events.roomsOf(user, List.of("join")).isEmpty()) {
                State now = states.get(user);
                if (now == null || now.lastActiveAt() <= state.lastActiveAt()) { // else a later update came meanwhile
                    change(user, state);
                }
            } else if (retries > 1) {
                sweeper.schedule(() -> awaitJoin(user, state, retries - 1), JOIN_RETRY_MS, TimeUnit.MILLISECONDS);
                return;
            }
        } catch (RuntimeException e) { // stopping, or the database away: presence is best effort
            LOG.debug("Presence of {} dropped", user, e);
        }
        awaitingJoin.decrementAndGet();
    }

    /** A change of the user's presence; a local user's also goes to the servers that share a room with them. */
    private void change(UserId user, State state) {
        states.put(user, new State(state.presence(), state.statusMsg(), state.lastActiveAt(), serial.incrementAndGet()));
        events.roomsOf(user, List.of("join")).forEach(notifier::roomChanged);
        notifier.userChanged(user.toString());
        if (server.isLocal(user)) {
            federation.sendToServersSharingRoomWith(user, "m.presence", push(List.of(user)));
        }
    }
}
