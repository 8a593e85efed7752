package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ToDeviceStore;
import org.hearth.api.spi.storage.ToDeviceStore.Recipient;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /sendToDevice/{eventType}/{txnId}} (Client-Server API, "Send-to-Device messaging"):
 * queues one message per recipient device, or for every device of a user with {@code *}.
 *
 * <ul>
 *   <li>Idempotent per sending device and transaction ID for a day: a retried request queues
 *       nothing more and answers the same.</li>
 *   <li>Messages wait until the device's {@code /sync} shows they arrived (see
 *       {@link EncryptionSync}); the recipients' long polls wake at once.</li>
 *   <li>Unknown users and devices are skipped.</li>
 *   <li>Messages of a local sender for users of other servers go to each server as one
 *       {@code m.direct_to_device} EDU (Server-Server API, "Send-to-device messaging") on the
 *       durable federation queue, its {@code message_id} made of the sending device and the
 *       transaction ID; without the federation bundle they are dropped.</li>
 * </ul>
 */
@Component(service = ToDeviceMessages.class)
public class ToDeviceMessages {
    private static final Logger LOG = LoggerFactory.getLogger(ToDeviceMessages.class);
    /** How long a transaction ID is remembered. */
    private static final long TXN_MEMORY_MS = 24 * 3600_000L;

    private final ToDeviceStore store;
    private final LocalServer server;
    private final Notifier notifier;
    private final FederationLink link;

    @Activate
    public ToDeviceMessages(@Reference ToDeviceStore store, @Reference LocalServer server, @Reference Notifier notifier,
                            @Reference FederationLink link) {
        this.link = link;
        this.store = store;
        this.server = server;
        this.notifier = notifier;
    }

    public void send(UserId sender, DeviceId senderDevice, String type, String txnId, JsonNode body) throws MatrixException {
        Limits.id(type, "The event type");
        Limits.id(txnId, "The transaction ID");
        ObjectNode messages = KeyJson.object(body.get("messages"), "messages");
        List<Recipient> recipients = new ArrayList<>();
        Set<UserId> users = new LinkedHashSet<>();
        Map<ServerName, ObjectNode> remote = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> byUser : messages.properties()) {
            UserId user = UserId.parse(byUser.getKey())
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + byUser.getKey()));
            ObjectNode devices = KeyJson.object(byUser.getValue(), "messages." + user);
            for (Map.Entry<String, JsonNode> device : devices.properties()) {
                Limits.id(device.getKey(), "A device ID");
                String content = Json.write(KeyJson.object(device.getValue(), "messages." + user + "." + device.getKey()));
                checkSize(sender, type, content);
                recipients.add(new Recipient(user, device.getKey(), content));
                Limits.count(recipients.size(), Limits.TO_DEVICE_MESSAGES, "to-device messages");
            }
            if (server.isLocal(user)) {
                users.add(user);
            } else if (server.isLocal(sender)) {
                remote.computeIfAbsent(user.server(), s -> JsonNodeFactory.instance.objectNode()).set(user.toString(), devices);
            }
        }
        List<Recipient> local = recipients.stream().filter(r -> users.contains(r.userId())).toList();
        long now = System.currentTimeMillis();
        // The sending device is null only for an application service acting without one.
        String from = senderDevice == null ? "" : senderDevice.value();
        OptionalLong position = store.enqueue(sender, from, txnId, type, local, now, now - TXN_MEMORY_MS);
        if (position.isPresent()) {
            users.forEach(u -> notifier.userChanged(u.toString()));
            sendRemote(sender, from + "/" + txnId, type, remote);
        }
    }

    private void sendRemote(UserId sender, String messageId, String type, Map<ServerName, ObjectNode> byServer) {
        RemoteServers remote = link.remote();
        if (remote == null) {
            if (!byServer.isEmpty()) {
                LOG.debug("To-device messages for users of {} dropped: this server does not federate", byServer.keySet());
            }
            return;
        }
        byServer.forEach((destination, messages) -> {
            ObjectNode edu = JsonNodeFactory.instance.objectNode().put("sender", sender.toString()).put("type", type)
                    .put("message_id", messageId);
            edu.set("messages", messages);
            remote.sendEdu(destination, "m.direct_to_device", edu);
        });
    }

    /** The event a device receives, {@code {"content", "sender", "type"}}, is at most {@link Limits#TO_DEVICE_MESSAGE_BYTES}. */
    private static void checkSize(UserId sender, String type, String contentJson) throws MatrixException {
        String event = "{\"content\":" + contentJson + ",\"sender\":\"" + sender + "\",\"type\":\"" + type + "\"}";
        if (event.getBytes(StandardCharsets.UTF_8).length > Limits.TO_DEVICE_MESSAGE_BYTES) {
            throw MatrixException.tooLarge("A to-device message is larger than " + Limits.TO_DEVICE_MESSAGE_BYTES + " bytes");
        }
    }
}
