package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which events of a room a viewer may see (Client-Server API, "History visibility", server
 * behaviour), decided for each event against the room's state at that event:
 *
 * <ol>
 *   <li>{@code world_readable} at the event: allow.</li>
 *   <li>Otherwise the user must have joined the room at some point ("In all cases except
 *       world_readable, a user needs to join a room to view events"): someone who only was
 *       invited, or rejected an invite, sees nothing else.</li>
 *   <li>The user's membership at the event is {@code join}: allow.</li>
 *   <li>{@code shared} at the event, and the user joined after it: allow.</li>
 *   <li>{@code invited} at the event and the user's membership was {@code invite}: allow.</li>
 *   <li>Otherwise deny.</li>
 * </ol>
 * An {@code m.room.history_visibility} event is visible if the visibility before or after it
 * allows it; so is the user's own {@code m.room.member} event with their membership before or
 * after it. A missing or unknown visibility is {@code shared}.
 *
 * <p>The state at an event is read from two short histories instead of loading state per event:
 * the room's history visibility changes and the viewer's membership changes, each by stream
 * position. While the server is alone in its rooms an event's state is that of the events before
 * it in stream order; events received over federation will need their state group here instead.
 * A server sees what any of its users may see ({@link #anyOf}).
 */
public final class HistoryVisibility {
    static final String WORLD_READABLE = "world_readable";
    static final String SHARED = "shared";
    static final String INVITED = "invited";
    static final String JOINED = "joined";
    private static final Set<String> KNOWN = Set.of(WORLD_READABLE, SHARED, INVITED, JOINED);

    /**
     * Below every stream position an event can have: events backfilled from other servers sit
     * below 0 ({@code EventStore.reserveHistoric}); far enough from {@link Long#MIN_VALUE} that
     * a position one below it does not wrap, and 18 digits as a token ({@code s-…}) allows.
     */
    public static final long FIRST_POSITION = -999_999_999_999_999_999L;

    /** A piece of state set at a stream position: a history visibility, or a membership. */
    record Change(long position, String value) {}

    /** Sees every event: the server itself ({@code Viewer.Everything}). */
    public static final HistoryVisibility EVERYTHING = new HistoryVisibility(List.of(), List.of(), true);

    private final List<Change> visibility;
    /** One membership history per user: one for a user, one per user of a server (none: never a member). */
    private final List<Member> members;
    private final boolean everything;
    /** The stream positions the viewer may see events at, as ascending, disjoint, merged intervals. */
    private final List<Interval> intervals;

    /** Stream positions {@code from} to {@code to}, both included. */
    public record Interval(long from, long to) {}

    /** A user's membership history, with what follows from it. */
    private record Member(String userId, List<Change> memberships, boolean everJoined, long lastJoin) {
        static Member of(String userId, List<Change> memberships) {
            boolean everJoined = false;
            long lastJoin = FIRST_POSITION;
            for (Change c : memberships) {
                if ("join".equals(c.value())) {
                    everJoined = true;
                    lastJoin = c.position();
                }
            }
            return new Member(userId, memberships, everJoined, lastJoin);
        }
    }

    private HistoryVisibility(List<Change> visibility, List<Member> members, boolean everything) {
        this.visibility = visibility;
        this.members = members;
        this.everything = everything;
        if (everything) {
            this.intervals = List.of(new Interval(FIRST_POSITION, Long.MAX_VALUE));
            return;
        }
        List<Interval> all = new ArrayList<>();
        for (Member m : members.isEmpty() ? List.of(Member.of(null, List.of())) : members) {
            all.addAll(visibleRanges(m));
        }
        this.intervals = merged(all);
    }

    /**
     * What one user may see.
     *
     * @param visibility  the room's history visibility changes, oldest first
     * @param memberships the user's membership changes in the room, oldest first
     */
    static HistoryVisibility of(List<Change> visibility, String userId, List<Change> memberships) {
        return new HistoryVisibility(normalised(visibility), List.of(Member.of(userId, List.copyOf(memberships))), false);
    }

    /** What any of several users may see (a server's users); no users: the world-readable events only. */
    static HistoryVisibility anyOf(List<Change> visibility, Map<String, List<Change>> memberships) {
        List<Member> members = new ArrayList<>();
        memberships.forEach((user, changes) -> members.add(Member.of(user, List.copyOf(changes))));
        return new HistoryVisibility(normalised(visibility), members, false);
    }

    private static List<Change> normalised(List<Change> visibility) {
        return visibility.stream().map(c -> new Change(c.position(), normalised(c.value()))).toList();
    }

    /** Whether the viewer may see the event at {@code position} of this type and state key (null for a message). */
    public boolean allows(long position, String type, String stateKey) {
        if (everything) {
            return true;
        }
        boolean visibilityEvent = "m.room.history_visibility".equals(type) && "".equals(stateKey);
        if (members.isEmpty()) {
            return allows(Member.of(null, List.of()), position, visibilityEvent, false);
        }
        for (Member m : members) {
            boolean ownMember = "m.room.member".equals(type) && m.userId() != null && m.userId().equals(stateKey);
            if (allows(m, position, visibilityEvent, ownMember)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the viewer (one of the server's users) was joined at the stream position: their last change at or before it. */
    public boolean joinedAt(long position) {
        return members.stream().anyMatch(m -> "join".equals(valueAt(m.memberships(), position, true, "leave")));
    }

    /**
     * Where the viewer may see events: ascending, disjoint intervals of stream positions (the last
     * one may end at {@link Long#MAX_VALUE}: everything to come). Readers page within them and
     * never read the events between.
     */
    public List<Interval> intervals() {
        return intervals;
    }

    /** Whether the viewer may see every event at positions {@code from} to {@code to}. */
    public boolean covers(long from, long to) {
        return intervals.stream().anyMatch(i -> i.from() <= from && to <= i.to());
    }

    /** The lowest stream position the viewer may see something at; {@link Long#MAX_VALUE} when none. */
    public long lowest() {
        return intervals.isEmpty() ? Long.MAX_VALUE : intervals.get(0).from();
    }

    /** The highest stream position the viewer may see something at ({@link Long#MAX_VALUE}: everything to come); -1 when none. */
    public long highest() {
        return intervals.isEmpty() ? -1 : intervals.get(intervals.size() - 1).to();
    }

    private boolean allows(Member m, long position, boolean visibilityEvent, boolean ownMember) {
        String visAfter = valueAt(visibility, position, true, SHARED);
        String visBefore = visibilityEvent ? valueAt(visibility, position, false, SHARED) : visAfter;
        String memAfter = valueAt(m.memberships(), position, true, "leave");
        String memBefore = ownMember ? valueAt(m.memberships(), position, false, "leave") : memAfter;
        return rule(m, visAfter, memAfter, position) || rule(m, visBefore, memAfter, position)
                || rule(m, visAfter, memBefore, position) || rule(m, visBefore, memBefore, position);
    }

    private static boolean rule(Member m, String visibility, String membership, long position) {
        if (WORLD_READABLE.equals(visibility)) {
            return true;
        }
        if (!m.everJoined()) {
            return false;
        }
        if ("join".equals(membership)) {
            return true;
        }
        if (SHARED.equals(visibility) && m.lastJoin() > position) {
            return true;
        }
        return INVITED.equals(visibility) && "invite".equals(membership);
    }

    /** The value of the last change at or before ({@code inclusive}) / before the position. */
    private static String valueAt(List<Change> changes, long position, boolean inclusive, String absent) {
        int lo = 0;
        int hi = changes.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long p = changes.get(mid).position();
            if (p < position || (inclusive && p == position)) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? absent : changes.get(found).value();
    }

    /** A missing or unknown history visibility is {@code shared}. */
    static String normalised(String visibility) {
        return visibility != null && KNOWN.contains(visibility) ? visibility : SHARED;
    }

    /** Positions from..to: the ordinary events between change points, or one change event. */
    private record Range(long from, long to, boolean changeEvent) {}

    /**
     * The positions the member may see events at. Between two change points (a visibility change,
     * a membership change) the answer for ordinary events is the same, so it is decided once per
     * range between them, and once for each change event.
     */
    private List<Interval> visibleRanges(Member m) {
        TreeSet<Long> points = new TreeSet<>();
        visibility.forEach(c -> points.add(c.position()));
        m.memberships().forEach(c -> points.add(c.position()));
        List<Range> ranges = new ArrayList<>();
        long next = FIRST_POSITION;
        for (long point : points) {
            if (point > next) {
                ranges.add(new Range(next, point - 1, false));
            }
            ranges.add(new Range(point, point, true));
            next = point + 1;
        }
        ranges.add(new Range(next, Long.MAX_VALUE, false));
        List<Interval> visible = new ArrayList<>();
        for (Range range : ranges) {
            if (visibleIn(m, range)) {
                visible.add(new Interval(range.from(), range.to()));
            }
        }
        return visible;
    }

    /** Sorted, with touching or overlapping intervals joined. */
    private static List<Interval> merged(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::from));
        List<Interval> out = new ArrayList<>();
        for (Interval i : sorted) {
            Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && (last.to() == Long.MAX_VALUE || i.from() <= last.to() + 1)) {
                out.set(out.size() - 1, new Interval(last.from(), Math.max(last.to(), i.to())));
            } else {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    private boolean visibleIn(Member m, Range range) {
        long position = range.from();
        if (!range.changeEvent()) {
            return allows(m, position, false, false);
        }
        boolean visibilityEvent = visibility.stream().anyMatch(c -> c.position() == position);
        boolean ownMember = m.memberships().stream().anyMatch(c -> c.position() == position);
        return allows(m, position, visibilityEvent, ownMember);
    }
}
