package org.hearth.launcher;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code conf/hearth.yaml}: the launcher's own keys checked, the sections kept for the bundles
 * that declare them.
 *
 * <p>Each top-level section becomes the configuration PID {@code hearth.<section>}, checked
 * against that bundle's metatype and turned into properties by {@link SectionCheck}; the
 * top-level scalars become {@code hearth.server}. Relative paths are
 * taken relative to the Hearth home directory. Defaults that depend on other keys (the SQLite
 * file in {@code data_dir}, {@code public_baseurl} from {@code server_name}) are filled in here,
 * so every bundle sees the same values.
 */
final class HearthConfig {
    static final String PID_PREFIX = "hearth.";
    static final String SERVER_PID = PID_PREFIX + "server";

    private final Path file;
    private final ObjectNode root;
    private final Path dataDir;
    private final Path deployDir;

    private HearthConfig(Path file, ObjectNode root, Path dataDir, Path deployDir) {
        this.file = file;
        this.root = root;
        this.dataDir = dataDir;
        this.deployDir = deployDir;
    }

    static HearthConfig load(Path file, Path home) throws StartupFailure {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode tree;
        try {
            tree = yaml.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new StartupFailure(file + ": configuration file not found");
        } catch (JsonProcessingException e) {
            throw new StartupFailure(file + ": not valid YAML: " + e.getOriginalMessage().replace('\n', ' ')
                    + locate(e));
        } catch (IOException e) {
            throw new StartupFailure(file + ": cannot read: " + e.getMessage());
        }
        new ConfigSchema(file.toString()).check(tree);
        ObjectNode root = tree instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();

        Path dataDir = home.resolve(text(root, "data_dir", "data")).normalize().toAbsolutePath();
        Path deployDir = home.resolve(text(root, "deploy_dir", "deploy")).normalize().toAbsolutePath();
        root.put("data_dir", dataDir.toString());
        root.put("deploy_dir", deployDir.toString());
        String serverName = text(root, "server_name", "localhost");
        root.put("server_name", serverName);
        ObjectNode http = section(root, "http");
        if (!root.hasNonNull("public_baseurl")) {
            int port = http.path("port").asInt(8008);
            root.put("public_baseurl", "http://" + serverName + (port == 80 ? "" : ":" + port) + "/");
        }
        ObjectNode database = section(root, "database");
        if (!database.hasNonNull("url")) {
            database.put("url", "jdbc:sqlite:" + dataDir.resolve("hearth.db"));
        }
        section(root, "registration");
        return new HearthConfig(file, root, dataDir, deployDir);
    }

    Path file() {
        return file;
    }

    Path dataDir() {
        return dataDir;
    }

    Path deployDir() {
        return deployDir;
    }

    /** {@code http.port}, 8008 when absent, -1 when it is not a port (the http section's check names it). */
    int httpPort() {
        JsonNode port = root.path("http").path("port");
        if (port.isMissingNode() || port.isNull()) {
            return 8008;
        }
        return port.isIntegralNumber() && port.asLong() >= 1 && port.asLong() <= 65535 ? port.asInt() : -1;
    }

    List<String> bindAddresses() {
        JsonNode list = root.path("http").path("bind_addresses");
        if (!list.isArray() || list.isEmpty()) {
            return List.of("127.0.0.1");
        }
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code registration.shared_secret}, or null. */
    String sharedSecret() {
        JsonNode secret = root.path("registration").path("shared_secret");
        return secret.isTextual() ? secret.asText() : null;
    }

    /** The launcher's own keys, with the defaults filled in: the properties of {@value #SERVER_PID}. */
    Hashtable<String, Object> serverProperties() {
        Hashtable<String, Object> server = new Hashtable<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (ConfigSchema.KEYS.containsKey(field.getKey()) && !field.getValue().isNull()) {
                server.put(field.getKey(), scalar(field.getValue()));
            }
        }
        return server;
    }

    /** Every other top-level key: section name → its YAML, to be checked against the bundle that declares it. */
    Map<String, JsonNode> sections() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!ConfigSchema.KEYS.containsKey(field.getKey())) {
                out.put(field.getKey(), field.getValue());
            }
        }
        return out;
    }

    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.asText();
    }

    private static ObjectNode section(ObjectNode root, String name) {
        JsonNode node = root.get(name);
        if (node instanceof ObjectNode o) {
            return o;
        }
        return root.putObject(name);
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : node.asText();
    }

    private static String locate(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
