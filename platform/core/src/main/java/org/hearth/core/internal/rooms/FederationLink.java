package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.federation.ServerKeys;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.core.internal.event.UnpaddedBase64;
import org.hearth.core.internal.event.VerifyKey;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.server.ServerSigningKey;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The federation bundle's services as core uses them, both optional: {@link RemoteServers} to
 * talk to other servers and {@link ServerKeys} to check their signatures. Without the bundle this
 * server is private: no remote signature verifies and every remote request is refused.
 */
@Component(service = FederationLink.class)
public class FederationLink {
    private static final List<String> JOIN = List.of("join");

    private final ServerName self;
    private final VerifyKey ownKey;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerKeys serverKeys;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RemoteServers remoteServers;

    private final EventStore events;

    @Activate
    public FederationLink(@Reference LocalServer server, @Reference ServerSigningKey signingKey,
                          @Reference EventStore events) {
        this.self = server.name();
        this.events = events;
        this.ownKey = signingKey.key().verifyKey();
    }

    /** The bundle's client, or null without the bundle. */
    public RemoteServers remote() {
        return remoteServers;
    }

    /** The bundle's client; 403 {@code M_FORBIDDEN} without the bundle (a private server). */
    public RemoteServers requireRemote() throws MatrixException {
        RemoteServers remote = remoteServers;
        if (remote == null) {
            throw MatrixException.forbidden("Other servers cannot be reached: federation is not enabled");
        }
        return remote;
    }

    /**
     * Queues an EDU for every other server with a user joined to the room (typing); nothing
     * without the federation bundle.
     */
    public void sendToRoom(String roomId, String eduType, JsonNode content) {
        RemoteServers remote = remoteServers;
        if (remote != null) {
            servers(List.of(roomId)).forEach(server -> remote.sendEdu(server, eduType, content));
        }
    }

    /**
     * Queues an EDU for every other server with a user joined to a room the user is joined to
     * (device list, signing key and presence updates); nothing without the federation bundle.
     */
    public void sendToServersSharingRoomWith(UserId user, String eduType, JsonNode content) {
        RemoteServers remote = remoteServers;
        if (remote != null) {
            servers(events.roomsOf(user, JOIN)).forEach(server -> remote.sendEdu(server, eduType, content));
        }
    }

    /** Queues an EDU for one server; nothing without the federation bundle. */
    public void sendTo(ServerName server, String eduType, JsonNode content) {
        RemoteServers remote = remoteServers;
        if (remote != null && !server.equals(self)) {
            remote.sendEdu(server, eduType, content);
        }
    }

    /** The other servers with a user joined to the room. */
    public Set<ServerName> serversIn(String roomId) {
        return servers(List.of(roomId));
    }

    private Set<ServerName> servers(Collection<String> roomIds) {
        Set<ServerName> servers = new LinkedHashSet<>();
        for (String roomId : roomIds) {
            events.memberServers(roomId, JOIN).stream().filter(ServerName::isValid).map(ServerName::new)
                    .filter(s -> !s.equals(self)).forEach(servers::add);
            // a room joined with partial state: the servers in it that its known members do not name yet
            events.partialState(roomId).ifPresent(partial -> partial.servers().stream().filter(ServerName::isValid)
                    .map(ServerName::new).filter(s -> !s.equals(self)).forEach(servers::add));
        }
        return servers;
    }

    /** Key lookups for {@link ReceivedPdu}: this server's own key, else the bundle's cache. */
    public ReceivedPdu.KeyLookup keys() {
        return this::key;
    }

    private Optional<VerifyKey> key(ServerName name, String keyId, long validAt) {
        if (name.equals(self)) {
            return keyId.equals(ownKey.keyId()) ? Optional.of(ownKey) : Optional.empty();
        }
        ServerKeys keys = serverKeys;
        if (keys == null) {
            return Optional.empty();
        }
        try {
            return keys.publicKey(name, keyId, validAt).map(bytes -> VerifyKey.of(keyId, UnpaddedBase64.encode(bytes)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
