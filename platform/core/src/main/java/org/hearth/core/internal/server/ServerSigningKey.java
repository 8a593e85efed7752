package org.hearth.core.internal.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.hearth.core.internal.event.SigningKey;
import org.hearth.core.internal.event.UnpaddedBase64;
import org.hearth.core.internal.util.PrivateFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server's Ed25519 signing key, which signs every event it creates (Server-Server API,
 * "Signing events"). Kept in {@code <data_dir>/signing.key} as one line
 * {@code ed25519 <version> <unpadded base64 seed>} (the format other homeservers use, so a key
 * can be carried over); generated at first start, readable by the server's user only.
 */
@Component(service = ServerSigningKey.class)
public class ServerSigningKey {
    public static final String FILE = "signing.key";
    private static final Logger LOG = LoggerFactory.getLogger(ServerSigningKey.class);

    private final SigningKey key;

    @Activate
    public ServerSigningKey(@Reference LocalServer server) throws IOException {
        Path file = server.dataDir().resolve(FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        String[] parts = Files.readString(file).trim().split("\\s+");
        if (parts.length != 3 || !"ed25519".equals(parts[0])) {
            throw new IOException(file + ": expected one line 'ed25519 <version> <seed>'");
        }
        key = SigningKey.fromSeed("ed25519:" + parts[1], UnpaddedBase64.decode(parts[2]));
    }

    private static void create(Path file) throws IOException {
        SigningKey generated = SigningKey.generate(new SecureRandom());
        String version = generated.keyId().substring("ed25519:".length());
        PrivateFiles.create(file, "ed25519 " + version + " " + UnpaddedBase64.encode(generated.seed()) + "\n");
        LOG.info("Generated the server signing key {} in {}", generated.keyId(), file);
    }

    public SigningKey key() {
        return key;
    }
}
