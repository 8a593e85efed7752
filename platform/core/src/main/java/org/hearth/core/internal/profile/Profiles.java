package org.hearth.core.internal.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.ProfileStore;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles of local users (Client-Server API, "Profiles"): {@code displayname} (kept with the
 * account), {@code avatar_url}, {@code m.tz} and custom fields (v1.16), read by anyone, written
 * by their owner.
 *
 * <ul>
 *   <li>Unknown and deactivated users, and users of other servers (no federation), have no
 *       profile here: 404 {@code M_NOT_FOUND}.</li>
 *   <li>Field names follow the key grammar of {@code PUT /profile/{userId}/{keyName}}; a name
 *       longer than 255 bytes is {@code M_KEY_TOO_LARGE}, a profile that would pass 64 KiB of
 *       JSON {@code M_PROFILE_TOO_LARGE}.</li>
 *   <li>A new display name or avatar is sent as a new {@code m.room.member} join event into each
 *       room the user has joined ("Events on Change of Profile Information"), through the room
 *       write path, so the rooms' authorization rules and policies apply.</li>
 * </ul>
 */
@Component(service = Profiles.class)
public class Profiles {
    public static final String DISPLAYNAME = "displayname";
    public static final String AVATAR_URL = "avatar_url";
    private static final Logger LOG = LoggerFactory.getLogger(Profiles.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern KEY = Pattern.compile("avatar_url|displayname|m\\.tz|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final int MAX_KEY_BYTES = 255;
    private static final int MAX_PROFILE_BYTES = 64 * 1024;
    /** Synapse's limits; the spec leaves per-field limits to the server. */
    private static final int MAX_DISPLAYNAME_CHARS = 256;
    private static final int MAX_AVATAR_URL_CHARS = 1000;

    private final AccountStore accounts;
    private final ProfileStore profiles;
    private final EventStore events;
    private final Memberships memberships;
    private final LocalServer server;

    @Activate
    public Profiles(@Reference AccountStore accounts, @Reference ProfileStore profiles, @Reference EventStore events,
                    @Reference Memberships memberships, @Reference LocalServer server) {
        this.accounts = accounts;
        this.profiles = profiles;
        this.events = events;
        this.memberships = memberships;
        this.server = server;
    }

    /** The whole profile of a user: 404 when the user has none here. */
    public ObjectNode profile(UserId user) throws MatrixException {
        Account account = activeAccount(user);
        ObjectNode profile = F.objectNode();
        if (account.displayName() != null) {
            profile.put(DISPLAYNAME, account.displayName());
        }
        profiles.fields(user).forEach((name, value) -> profile.set(name, Json.stored(value)));
        return profile;
    }

    /**
     * One field: 404 when the user or the field is unknown. A display name or avatar that is not set
     * reads as null, as Synapse answers (SyTest reads them before setting them).
     */
    public JsonNode field(UserId user, String key) throws MatrixException {
        checkKey(key);
        JsonNode value = profile(user).get(key);
        if (value == null && (DISPLAYNAME.equals(key) || AVATAR_URL.equals(key))) {
            return F.nullNode();
        }
        if (value == null) {
            throw MatrixException.notFound("No " + key + " in the profile of " + user);
        }
        return value;
    }

    /**
     * Sets one field of {@code user}'s own profile ({@code value} null removes it) and, for the
     * display name or avatar, propagates it to the user's joined rooms.
     */
    public void set(UserId user, String key, JsonNode value) throws MatrixException {
        checkKey(key);
        activeAccount(user);
        JsonNode checked = value == null ? null : checkValue(key, value);
        ObjectNode after = profile(user);
        if (checked == null) {
            after.remove(key);
        } else {
            after.set(key, checked);
        }
        if (Json.write(after).getBytes(StandardCharsets.UTF_8).length > MAX_PROFILE_BYTES) {
            throw new MatrixException(400, "M_PROFILE_TOO_LARGE", "The profile would exceed " + MAX_PROFILE_BYTES + " bytes");
        }
        if (DISPLAYNAME.equals(key)) {
            accounts.setDisplayName(user, checked == null ? null : checked.asText());
        } else if (checked == null) {
            profiles.removeField(user, key);
        } else {
            profiles.setField(user, key, Json.write(checked));
        }
        if (DISPLAYNAME.equals(key) || AVATAR_URL.equals(key)) {
            propagate(user);
        }
    }

    /** A new join event with the current profile into each joined room; a room that refuses it does not stop the others. */
    private void propagate(UserId user) {
        for (String roomId : events.roomsOf(user, List.of("join"))) {
            try {
                memberships.change(user, roomId, "join", null);
            } catch (MatrixException e) {
                LOG.info("Profile of {} not updated in {}: {}", user, roomId, e.getMessage());
            }
        }
    }

    private Account activeAccount(UserId user) throws MatrixException {
        if (!server.isLocal(user)) {
            throw MatrixException.notFound("Profiles of users of other servers are not available: federation is not enabled");
        }
        return accounts.find(user).filter(a -> !a.deactivated())
                .orElseThrow(() -> MatrixException.notFound("Profile not found"));
    }

    /** 400 for a field name the key grammar refuses, before any lookup. */
    public static void checkKey(String key) throws MatrixException {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new MatrixException(400, "M_KEY_TOO_LARGE", "Profile keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        if (!KEY.matcher(key).matches()) {
            throw MatrixException.invalidParam("Invalid profile key " + key);
        }
    }

    /** The value to store; an empty display name or avatar URL removes it, as Synapse does. */
    private static JsonNode checkValue(String key, JsonNode value) throws MatrixException {
        switch (key) {
            case DISPLAYNAME, AVATAR_URL, "m.tz" -> {
                if (value.isNull()) {
                    return null;
                }
                if (!value.isTextual()) {
                    throw MatrixException.badJson(key + " must be a string");
                }
                int max = DISPLAYNAME.equals(key) ? MAX_DISPLAYNAME_CHARS : MAX_AVATAR_URL_CHARS;
                if (value.asText().length() > max) {
                    throw MatrixException.badJson(key + " is longer than " + max + " characters");
                }
                if (value.asText().indexOf('\0') >= 0) {
                    throw MatrixException.badJson(key + " holds a NUL character");
                }
                return value.asText().isEmpty() && !"m.tz".equals(key) ? null : value;
            }
            default -> {
                return value;
            }
        }
    }
}
