package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore;
import org.hearth.api.spi.storage.CrossSigningStore.CrossSigningKey;
import org.hearth.api.spi.storage.CrossSigningStore.Signature;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.Device;
import org.hearth.core.internal.event.UnpaddedBase64;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Cross-signing (Client-Server API, "Cross-signing"): {@code POST /keys/device_signing/upload}
 * and {@code POST /keys/signatures/upload}.
 *
 * <ul>
 *   <li>A key names its owner, its usage, and exactly one Ed25519 key whose ID is
 *       {@code ed25519:<public key>}; self-signing and user-signing keys must be signed by the
 *       master key uploaded with them, else the one stored (400 {@code M_INVALID_SIGNATURE},
 *       {@code M_MISSING_PARAM} without one). A public key equal to one of the user's device
 *       IDs is refused (403).</li>
 *   <li>User-interactive authentication is needed unless the user has no master key yet, or
 *       the request repeats exactly the keys stored (the spec, v1.11); the route decides with
 *       {@link #needsAuthentication}.</li>
 *   <li>Signatures: over the user's own devices by their self-signing key, over their own master
 *       key by one of their devices, over another user's master key by their user-signing key.
 *       The signed object must be the key stored, apart from {@code signatures} and
 *       {@code unsigned}. Each signature that fails is reported in {@code failures}; the others
 *       are stored and shown by {@code /keys/query}.</li>
 * </ul>
 */
@Component(service = CrossSigning.class)
public class CrossSigning {
    private static final List<String> USAGES = List.of(CrossSigningStore.MASTER, CrossSigningStore.SELF_SIGNING,
            CrossSigningStore.USER_SIGNING);

    private final CrossSigningStore store;
    private final DeviceKeyStore deviceKeys;
    private final DeviceStore devices;
    private final DeviceLists deviceLists;
    private final LocalServer server;

    /** Keys to upload, by usage. */
    public record Upload(Map<String, CrossSigningKey> keys) {}

    @Activate
    public CrossSigning(@Reference CrossSigningStore store, @Reference DeviceKeyStore deviceKeys,
                        @Reference DeviceStore devices, @Reference DeviceLists deviceLists,
                        @Reference LocalServer server) {
        this.store = store;
        this.deviceKeys = deviceKeys;
        this.devices = devices;
        this.deviceLists = deviceLists;
        this.server = server;
    }

    /** Reads and checks the keys of a {@code /keys/device_signing/upload} body. */
    public Upload parseUpload(UserId user, JsonNode body) throws MatrixException {
        Map<String, CrossSigningKey> keys = new LinkedHashMap<>();
        Map<String, ObjectNode> json = new LinkedHashMap<>();
        for (String usage : USAGES) {
            JsonNode value = body.get(usage + "_key");
            if (value != null && !value.isNull()) {
                ObjectNode key = KeyJson.object(value, usage + "_key");
                keys.put(usage, key(user, usage, key));
                json.put(usage, key);
            }
        }
        if (keys.isEmpty()) {
            throw MatrixException.missingParam("No cross-signing key to upload");
        }
        Optional<CrossSigningKey> master = Optional.ofNullable(keys.get(CrossSigningStore.MASTER))
                .or(() -> Optional.ofNullable(stored(user).get(CrossSigningStore.MASTER)));
        for (String usage : List.of(CrossSigningStore.SELF_SIGNING, CrossSigningStore.USER_SIGNING)) {
            if (!json.containsKey(usage)) {
                continue;
            }
            if (master.isEmpty()) {
                throw MatrixException.missingParam("No master key to check the " + usage + " key against");
            }
            String masterKey = master.get().publicKey();
            if (!KeyJson.signedBy(json.get(usage), user, KeyJson.ED25519 + masterKey, masterKey)) {
                throw new MatrixException(400, "M_INVALID_SIGNATURE", "The " + usage + " key is not signed by the master key");
            }
        }
        Set<String> deviceIds = devices.devices(user).stream().map(Device::deviceId).collect(Collectors.toSet());
        for (CrossSigningKey key : keys.values()) {
            if (deviceIds.contains(key.publicKey())) {
                throw MatrixException.forbidden("The " + key.usage() + " key's ID is one of the user's device IDs");
            }
        }
        return new Upload(keys);
    }

    /** Whether the upload replaces keys: unless there is no master key yet or every key is the one stored. */
    public boolean needsAuthentication(UserId user, Upload upload) {
        Map<String, CrossSigningKey> stored = stored(user);
        if (!stored.containsKey(CrossSigningStore.MASTER)) {
            return false;
        }
        if (!upload.keys().containsKey(CrossSigningStore.MASTER)) {
            return true;
        }
        return upload.keys().values().stream().anyMatch(k -> !Optional.ofNullable(stored.get(k.usage()))
                .map(s -> Json.stored(s.keyJson()).equals(Json.stored(k.keyJson()))).orElse(false));
    }

    public void store(UserId user, Upload upload) {
        store.putKeys(user, List.copyOf(upload.keys().values()));
        if (upload.keys().keySet().equals(Set.of(CrossSigningStore.USER_SIGNING))) {
            deviceLists.changedFor(user);
        } else {
            deviceLists.signingKeysChanged(user);
        }
    }

    /** {@code /keys/signatures/upload}: stores the signatures that verify; returns {@code {"failures": …}}. */
    public ObjectNode uploadSignatures(UserId signer, JsonNode body) throws MatrixException {
        ObjectNode byUser = KeyJson.object(body, "The request body");
        ObjectNode failures = JsonNodeFactory.instance.objectNode();
        List<Signature> good = new ArrayList<>();
        int count = 0;
        Map<String, CrossSigningKey> own = stored(signer);
        for (Map.Entry<String, JsonNode> userEntry : byUser.properties()) {
            UserId target = UserId.parse(userEntry.getKey())
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + userEntry.getKey()));
            ObjectNode keys = KeyJson.object(userEntry.getValue(), userEntry.getKey());
            count += keys.size();
            Limits.count(count, Limits.SIGNATURES, "signed keys");
            for (Map.Entry<String, JsonNode> keyEntry : keys.properties()) {
                ObjectNode signed = KeyJson.object(keyEntry.getValue(), "The signed key " + keyEntry.getKey());
                KeyJson.checkSignatures(signed, "The signed key " + keyEntry.getKey());
                try {
                    good.addAll(verified(signer, own, target, keyEntry.getKey(), signed));
                } catch (MatrixException failure) {
                    failures.withObjectProperty(target.toString()).putObject(keyEntry.getKey())
                            .put("errcode", failure.errcode()).put("error", failure.getMessage());
                }
            }
        }
        if (!good.isEmpty()) {
            store.addSignatures(good);
            told(signer, own, good);
        }
        return JsonNodeFactory.instance.objectNode().set("failures", failures);
    }

    /**
     * Who hears of stored signatures: those over the signer's own keys are news for everyone who
     * shares a room with them, on this server and the others (the device or cross-signing key goes
     * out again with its signatures); those over other users' keys are for the signer alone.
     */
    private void told(UserId signer, Map<String, CrossSigningKey> own, List<Signature> signatures) {
        Set<String> crossSigningKeys = own.values().stream().map(CrossSigningKey::publicKey).collect(Collectors.toSet());
        List<String> ownDevices = new ArrayList<>();
        boolean ownCrossSigningKey = false;
        boolean othersKeys = false;
        for (Signature s : signatures) {
            if (!s.target().equals(signer)) {
                othersKeys = true;
            } else if (crossSigningKeys.contains(s.targetKeyId())) {
                ownCrossSigningKey = true;
            } else if (!ownDevices.contains(s.targetKeyId())) {
                ownDevices.add(s.targetKeyId());
            }
        }
        if (!ownDevices.isEmpty()) {
            deviceLists.devicesChanged(signer, ownDevices);
        }
        if (ownCrossSigningKey) {
            deviceLists.signingKeysChanged(signer);
        }
        if (othersKeys) {
            deviceLists.changedFor(signer);
        }
    }

    /** The new signatures over one key that verify; throws the failure to report for it. */
    private List<Signature> verified(UserId signer, Map<String, CrossSigningKey> own, UserId target, String keyId,
                                     ObjectNode signed) throws MatrixException {
        if (!server.isLocal(target)) {
            throw MatrixException.invalidParam("Keys of users of other servers are not known here");
        }
        JsonNode mine = signed.path("signatures").path(signer.toString());
        if (!target.equals(signer)) {
            CrossSigningKey master = stored(target).get(CrossSigningStore.MASTER);
            if (master == null || !master.publicKey().equals(keyId)) {
                throw MatrixException.notFound("Unknown key " + keyId + " of " + target);
            }
            sameKey(signed, master.keyJson());
            return List.of(signature(signer, own.get(CrossSigningStore.USER_SIGNING), "user-signing", target, keyId, signed));
        }
        CrossSigningKey master = own.get(CrossSigningStore.MASTER);
        if (master != null && master.publicKey().equals(keyId)) {
            sameKey(signed, master.keyJson());
            List<Signature> byDevices = new ArrayList<>();
            for (Map.Entry<String, JsonNode> sig : mine.properties()) {
                String deviceId = sig.getKey().startsWith(KeyJson.ED25519) ? sig.getKey().substring(KeyJson.ED25519.length()) : "";
                if (deviceId.equals(master.publicKey()) || deviceId.isEmpty()) {
                    continue; // the master key's own signature, or no Ed25519 key
                }
                Optional<String> deviceKey = deviceKeys.deviceKeys(signer, deviceId)
                        .map(json -> Json.stored(json).path("keys").path(sig.getKey()).asText(null));
                if (deviceKey.isEmpty()) {
                    continue; // not by a device: another signature the client passed along
                }
                if (!KeyJson.signedBy(signed, signer, sig.getKey(), deviceKey.get())) {
                    throw invalidSignature("The signature by device " + deviceId + " does not verify");
                }
                byDevices.add(new Signature(signer, sig.getKey(), signer, keyId, sig.getValue().asText()));
            }
            if (byDevices.isEmpty()) {
                throw invalidSignature("No signature by one of the user's devices");
            }
            return byDevices;
        }
        String device = deviceKeys.deviceKeys(signer, keyId)
                .orElseThrow(() -> MatrixException.notFound("Unknown device or key " + keyId));
        sameKey(signed, device);
        return List.of(signature(signer, own.get(CrossSigningStore.SELF_SIGNING), "self-signing", target, keyId, signed));
    }

    /** The signature over {@code signed} by the signer's cross-signing key, which must verify. */
    private static Signature signature(UserId signer, CrossSigningKey by, String kind, UserId target, String keyId,
                                       ObjectNode signed) throws MatrixException {
        if (by == null) {
            throw MatrixException.missingParam("No " + kind + " key to check the signature against");
        }
        String signerKeyId = KeyJson.ED25519 + by.publicKey();
        JsonNode signature = signed.path("signatures").path(signer.toString()).path(signerKeyId);
        if (!signature.isTextual() || !KeyJson.signedBy(signed, signer, signerKeyId, by.publicKey())) {
            throw invalidSignature("No valid signature by the " + kind + " key " + signerKeyId);
        }
        return new Signature(signer, signerKeyId, target, keyId, signature.textValue());
    }

    private static void sameKey(ObjectNode signed, String storedJson) throws MatrixException {
        if (!KeyJson.signedPart(signed).equals(KeyJson.signedPart((ObjectNode) Json.stored(storedJson)))) {
            throw MatrixException.invalidParam("The signed object is not the key stored");
        }
    }

    private static MatrixException invalidSignature(String error) {
        return new MatrixException(400, "M_INVALID_SIGNATURE", error);
    }

    private Map<String, CrossSigningKey> stored(UserId user) {
        return store.keys(List.of(user)).getOrDefault(user, Map.of());
    }

    /** One uploaded key, checked: its owner, usage, single Ed25519 key and signature shapes. */
    private static CrossSigningKey key(UserId user, String usage, ObjectNode key) throws MatrixException {
        String what = usage + "_key";
        Limits.size(key, Limits.KEY_OBJECT_BYTES, what);
        if (!user.toString().equals(KeyJson.text(key, "user_id", what))) {
            throw MatrixException.invalidParam(what + ".user_id must be the uploading user");
        }
        JsonNode usages = key.get("usage");
        boolean hasUsage = false;
        if (usages == null || !usages.isArray()) {
            throw MatrixException.badJson(what + ".usage must be a list");
        }
        for (JsonNode u : usages) {
            hasUsage |= usage.equals(u.asText());
        }
        if (!hasUsage) {
            throw MatrixException.invalidParam(what + ".usage must contain " + usage);
        }
        ObjectNode keys = KeyJson.object(key.get("keys"), what + ".keys");
        if (keys.size() != 1) {
            throw MatrixException.invalidParam(what + ".keys must hold exactly one key");
        }
        Map.Entry<String, JsonNode> only = keys.properties().iterator().next();
        String publicKey = only.getValue().asText("");
        if (!only.getKey().equals(KeyJson.ED25519 + publicKey) || !isEd25519Key(publicKey)) {
            throw MatrixException.invalidParam(what + ".keys must be {\"ed25519:<public key>\": \"<public key>\"}");
        }
        KeyJson.checkSignatures(key, what);
        return new CrossSigningKey(usage, publicKey, Json.write(key));
    }

    private static boolean isEd25519Key(String base64) {
        try {
            return UnpaddedBase64.decode(base64).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
