package org.hearth.api.room;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hearth.api.id.UserId;

/**
 * What a new room is made of (Client-Server API, {@code POST /createRoom}): start from a preset
 * and set what differs. Immutable: each {@code with…} returns a copy.
 *
 * <pre>{@code
 * RoomSpec spec = RoomSpec.preset(RoomSpec.Preset.PRIVATE_CHAT).withName("Staff").withInvite(List.of(bob));
 * }</pre>
 */
public final class RoomSpec {
    /** The presets of {@code POST /createRoom}. */
    public enum Preset {
        PRIVATE_CHAT("private_chat"), TRUSTED_PRIVATE_CHAT("trusted_private_chat"), PUBLIC_CHAT("public_chat");

        private final String value;

        Preset(String value) {
            this.value = value;
        }

        /** As the spec writes it. */
        public String value() {
            return value;
        }
    }

    /** A state event of {@code initial_state}. */
    public record InitialState(String type, String stateKey, JsonNode content) {
        public InitialState {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(content, "content");
            stateKey = stateKey == null ? "" : stateKey;
        }
    }

    private Preset preset = Preset.PRIVATE_CHAT;
    private boolean published;
    private String name;
    private String topic;
    private String aliasLocalpart;
    private List<UserId> invite = List.of();
    private boolean direct;
    private String roomVersion;
    private JsonNode creationContent;
    private JsonNode powerLevelOverride;
    private List<InitialState> initialState = List.of();

    private RoomSpec() {
    }

    public static RoomSpec preset(Preset preset) {
        RoomSpec spec = new RoomSpec();
        spec.preset = Objects.requireNonNull(preset, "preset");
        return spec;
    }

    private RoomSpec copy() {
        RoomSpec c = new RoomSpec();
        c.preset = preset;
        c.published = published;
        c.name = name;
        c.topic = topic;
        c.aliasLocalpart = aliasLocalpart;
        c.invite = invite;
        c.direct = direct;
        c.roomVersion = roomVersion;
        c.creationContent = creationContent;
        c.powerLevelOverride = powerLevelOverride;
        c.initialState = initialState;
        return c;
    }

    /** Listed in this server's public room directory ({@code visibility: public}). */
    public RoomSpec withPublished(boolean value) {
        RoomSpec c = copy();
        c.published = value;
        return c;
    }

    public RoomSpec withName(String value) {
        RoomSpec c = copy();
        c.name = value;
        return c;
    }

    public RoomSpec withTopic(String value) {
        RoomSpec c = copy();
        c.topic = value;
        return c;
    }

    /** The local alias to create, without {@code #} and domain ({@code room_alias_name}). */
    public RoomSpec withAliasLocalpart(String value) {
        RoomSpec c = copy();
        c.aliasLocalpart = value;
        return c;
    }

    public RoomSpec withInvite(List<UserId> value) {
        RoomSpec c = copy();
        c.invite = List.copyOf(value);
        return c;
    }

    /** Marks the invites as a direct chat ({@code is_direct}). */
    public RoomSpec withDirect(boolean value) {
        RoomSpec c = copy();
        c.direct = value;
        return c;
    }

    /** The room version; null for the server's default. */
    public RoomSpec withRoomVersion(String value) {
        RoomSpec c = copy();
        c.roomVersion = value;
        return c;
    }

    /** Extra content of the {@code m.room.create} event. */
    public RoomSpec withCreationContent(JsonNode value) {
        RoomSpec c = copy();
        c.creationContent = value;
        return c;
    }

    /** Keys that replace those of the default power levels. */
    public RoomSpec withPowerLevelOverride(JsonNode value) {
        RoomSpec c = copy();
        c.powerLevelOverride = value;
        return c;
    }

    public RoomSpec withInitialState(List<InitialState> value) {
        RoomSpec c = copy();
        c.initialState = List.copyOf(value);
        return c;
    }

    public Preset preset() {
        return preset;
    }

    public boolean published() {
        return published;
    }

    public String name() {
        return name;
    }

    public String topic() {
        return topic;
    }

    public String aliasLocalpart() {
        return aliasLocalpart;
    }

    public List<UserId> invite() {
        return invite;
    }

    public boolean direct() {
        return direct;
    }

    public String roomVersion() {
        return roomVersion;
    }

    public JsonNode creationContent() {
        return creationContent;
    }

    public JsonNode powerLevelOverride() {
        return powerLevelOverride;
    }

    public List<InitialState> initialState() {
        return new ArrayList<>(initialState);
    }
}
