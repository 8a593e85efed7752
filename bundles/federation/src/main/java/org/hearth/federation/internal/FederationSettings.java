package org.hearth.federation.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.config.ConfigException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Signatures;

/**
 * The {@code federation:} section, read and checked: every problem names its key.
 *
 * @param tlsCertificate null when the listener speaks plain HTTP (tests only)
 * @param hosts          server name → {@code host:port}, tried instead of discovery
 * @param trustedKeyServers notary → its pinned verify keys (key ID → Ed25519 public key; none: fetched from it)
 */
public record FederationSettings(int port, List<String> bindAddresses, Path tlsCertificate, Path tlsPrivateKey,
                                 Path caFile, boolean verifyCertificates, Map<ServerName, HostPort> hosts,
                                 ServerPolicy policy, boolean allowPrivateAddresses,
                                 Map<ServerName, Map<String, byte[]>> trustedKeyServers) {

    /** A host (DNS name or IP literal, IPv6 without brackets) and a port. */
    public record HostPort(String host, int port) {
        /** {@code host:port} or {@code [v6]:port}; the port is required. */
        static HostPort parse(String text, String key) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon > text.length() - 2 || colon < text.lastIndexOf(']')) {
                throw new ConfigException(key + ": expected host:port, found \"" + text + "\"");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port < 1 || port > 65535 || host.isEmpty()) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + ": expected host:port, found \"" + text + "\"");
            }
        }
    }

    static FederationSettings from(Map<String, Object> properties) {
        int port = ((Number) properties.getOrDefault("port", 8448)).intValue();
        List<String> bind = strings(properties.get("bind_addresses"));
        if (properties.get("bind_addresses") == null) {
            bind = List.of("0.0.0.0");
        }
        if (bind.isEmpty()) {
            throw new ConfigException("federation.bind_addresses: at least one address is needed");
        }
        Path cert = file(properties, "tls_certificate");
        Path key = file(properties, "tls_private_key");
        if ((cert == null) != (key == null)) {
            throw new ConfigException("federation.tls_certificate and federation.tls_private_key go together");
        }
        Path ca = file(properties, "ca_file");
        boolean verify = (Boolean) properties.getOrDefault("verify_certificates", Boolean.TRUE);
        boolean allowPrivate = (Boolean) properties.getOrDefault("allow_private_addresses", Boolean.FALSE);
        Map<ServerName, HostPort> hosts = new LinkedHashMap<>();
        Map<ServerName, Map<String, byte[]>> notaries = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (e.getKey().startsWith("hosts.")) {
                String keyName = "federation." + e.getKey();
                hosts.put(serverName(e.getKey().substring("hosts.".length()), keyName),
                        HostPort.parse(String.valueOf(e.getValue()), keyName));
            } else if (e.getKey().startsWith("trusted_key_servers.")) {
                String keyName = "federation." + e.getKey();
                notaries.put(serverName(e.getKey().substring("trusted_key_servers.".length()), keyName),
                        verifyKeys(strings(e.getValue()), keyName));
            }
        }
        ServerPolicy policy = new ServerPolicy(names(properties, "allowed_servers"), names(properties, "denied_servers"));
        return new FederationSettings(port, List.copyOf(bind), cert, key, ca, verify, Map.copyOf(hosts), policy,
                allowPrivate, Collections.unmodifiableMap(notaries));
    }

    private static ServerName serverName(String name, String key) {
        if (!ServerName.isValid(name)) {
            throw new ConfigException(key + ": not a server name");
        }
        return new ServerName(name);
    }

    /** {@code "ed25519:ID KEY"} items (KEY: the public key in unpadded base64, as in {@code verify_keys}). */
    private static Map<String, byte[]> verifyKeys(List<String> items, String key) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String item : items) {
            String[] parts = item.split("\\s+");
            Optional<byte[]> bytes = parts.length == 2 ? Signatures.base64(parts[1]) : Optional.empty();
            if (!parts[0].startsWith("ed25519:") || bytes.isEmpty() || bytes.get().length != 32) {
                throw new ConfigException(key + ": expected \"ed25519:ID PUBLICKEY\" (a 32-byte key in base64), found \""
                        + item + "\"");
            }
            keys.put(parts[0], bytes.get());
        }
        return Collections.unmodifiableMap(keys);
    }

    private static Path file(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        Path path = Path.of(value.toString());
        if (!Files.isReadable(path)) {
            throw new ConfigException("federation." + key + ": cannot read " + path);
        }
        return path;
    }

    private static List<String> names(Map<String, Object> properties, String key) {
        List<String> names = strings(properties.get(key));
        for (String name : names) {
            if (!ServerPolicy.isPattern(name)) {
                throw new ConfigException("federation." + key + ": not a server name or pattern: \"" + name + "\"");
            }
        }
        return names;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[] array) {
            for (String s : array) {
                out.add(s.trim());
            }
        } else if (value != null) {
            out.add(value.toString().trim());
        }
        return out;
    }
}
