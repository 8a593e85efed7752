package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.relations.Threads;
import org.hearth.core.internal.rooms.EventNotifications;
import org.hearth.core.internal.rooms.RoomMembers;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every event stored by this server against the push rules of each local member who
 * should hear of it (spec "Push Rules"): the room's joined members but the sender, and the
 * target of an invite. Matches whose actions {@code notify} become {@link PushStore.Notified}
 * (the users notified with the same actions, highlighted or not, in the event's thread), which
 * make the unread counts and feed pushers.
 *
 * <p>Fast for large rooms: what the conditions read about the event (member count, power levels)
 * is computed once per event; each member's rules are compiled once and cached ({@link PushRules}),
 * shared by the members whose rules differ only by their IDs and reduced once per event for all
 * of them ({@link CompiledRules}); the room's members are grouped by their rules once per change
 * of its membership, and a group the event alone decides for (an ordinary message) is notified
 * as a whole, its list passed on as it is, without a test or an object per member; display names
 * are read only for a rule that asks. A local user's event is evaluated from the room's
 * membership in memory ({@link RoomMembers}) and its notifications are written with it
 * ({@link EventNotifications}).
 */
@Component(service = EventNotifications.class)
public class PushEvaluator implements EventNotifications {
    /** Rooms whose grouped members are kept: some hundred bytes a member. */
    static final int ROOMS_KEPT = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(PushEvaluator.class);

    private final EventStore events;
    private final PushRules rules;
    private final PushStore store;
    private final LocalServer server;
    /** By room: read for every event a local member hears of, replaced when its members or rules change. */
    private final Map<String, Recipients> recipients = new ConcurrentHashMap<>();

    @Activate
    public PushEvaluator(@Reference EventStore events, @Reference PushRules rules, @Reference PushStore store,
                         @Reference LocalServer server) {
        this.events = events;
        this.rules = rules;
        this.store = store;
        this.server = server;
    }

    @Override
    public void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels) {
        try {
            String suffix = ":" + server.name().value();
            String localSender = event.sender().endsWith(suffix) ? event.sender() : null;
            RoomMembers members = RoomMembers.current(events, roomId, server.name());
            store.addNotified(roomId, streamPosition, event.eventId(), event.originServerTs(), localSender,
                    evaluate(roomId, event, members, powerLevels, user -> displayName(roomId, user)));
        } catch (RuntimeException e) {
            // The event is stored: a failure here costs its notifications, never the send.
            LOG.warn("Push rules not evaluated for {} in {}", event.eventId(), roomId, e);
        }
    }

    @Override
    public List<PushStore.Notified> evaluate(String roomId, Pdu event, RoomMembers members,
                                             PowerLevels powerLevels, Function<String, String> displayName) {
        String invited = invitee(event);
        boolean invitedHere = invited != null && invited.endsWith(":" + server.name().value())
                && !members.localJoined().contains(invited);
        if (members.localJoined().isEmpty() && !invitedHere) {
            return List.of();
        }
        JsonNode json = event.json();
        PushContext context = new PushContext(json, members.joined(), powerLevels.of(event.sender()),
                powerLevels::notification, displayName);
        String thread = Threads.of(json);
        List<PushStore.Notified> out = new ArrayList<>();
        for (Recipients.Group group : recipients(roomId, members).groups()) {
            PushActions uniform = group.rules().uniform(context);
            if (uniform != null) { // the group's list as it is: the store leaves the sender out
                if (uniform.notifies()) {
                    out.add(notified(group.users(), thread, uniform));
                }
                continue;
            }
            Map<PushActions, List<String>> byActions = new IdentityHashMap<>();
            for (String user : group.users()) {
                if (!user.equals(event.sender())) {
                    byActions.computeIfAbsent(group.rules().evaluate(context, user), a -> new ArrayList<>()).add(user);
                }
            }
            byActions.forEach((actions, users) -> {
                if (actions.notifies()) {
                    out.add(notified(users, thread, actions));
                }
            });
        }
        if (invitedHere && !invited.equals(event.sender())) {
            rules.compiled(invited).map(compiled -> compiled.evaluate(context, invited)).filter(PushActions::notifies)
                    .ifPresent(actions -> out.add(notified(List.of(invited), thread, actions)));
        }
        return out;
    }

    private static PushStore.Notified notified(List<String> users, String thread, PushActions actions) {
        return new PushStore.Notified(users, thread, actions.highlight(), actions.json());
    }

    /**
     * The room's local members grouped by their compiled rules, as they were when the room had
     * {@code members} and the rules {@code version}: looked up once per member when either
     * changes, not for every message.
     */
    private record Recipients(RoomMembers members, long version, List<Group> groups) {
        record Group(CompiledRules rules, List<String> users) {}
    }

    private Recipients recipients(String roomId, RoomMembers members) {
        long version = rules.version();
        Recipients known = recipients.get(roomId);
        if (known != null && known.members() == members && known.version() == version) {
            return known;
        }
        Map<CompiledRules, List<String>> byRules = new IdentityHashMap<>();
        for (String user : members.localJoined()) {
            rules.compiled(user).ifPresent(compiled -> byRules.computeIfAbsent(compiled, c -> new ArrayList<>()).add(user));
        }
        List<Recipients.Group> groups = new ArrayList<>();
        byRules.forEach((compiled, users) -> groups.add(new Recipients.Group(compiled, List.copyOf(users))));
        Recipients fresh = new Recipients(members, version, List.copyOf(groups));
        if (recipients.size() >= ROOMS_KEPT) {
            recipients.clear(); // grouped again in microseconds a member
        }
        recipients.put(roomId, fresh);
        return fresh;
    }

    private static String invitee(Pdu event) {
        return "m.room.member".equals(event.type()) && "invite".equals(event.content().path("membership").asText())
                ? event.stateKey().orElse(null) : null;
    }

    private String displayName(String roomId, String userId) {
        return events.currentStateEvent(roomId, "m.room.member", userId).flatMap(events::event)
                .map(e -> Json.stored(e.json()).path("content").path("displayname"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
    }
}
