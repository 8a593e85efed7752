package org.hearth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hearth.api.auth.SharedSecretMac;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/hearth register-user}: creates an account on the running server through
 * shared-secret registration, as Synapse's {@code register_new_matrix_user} does. The secret is
 * {@code registration.shared_secret}, else the one the server generated in {@code data_dir}.
 */
@Command(name = "register-user", mixinStandardHelpOptions = true,
        description = "Create an account (e.g. the first admin) on the running server.")
final class RegisterUser implements Callable<Integer> {
    private static final String SECRET_FILE = "registration_shared_secret";

    @Option(names = {"-u", "--user"}, required = true, description = "Localpart of the new user, e.g. alice.")
    private String user;

    @Option(names = {"-p", "--password"}, description = "Password (default: asked for, or read from standard input).")
    private String password;

    @Option(names = {"-a", "--admin"}, description = "Make the user a server admin.")
    private boolean admin;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (default: conf/hearth.yaml).")
    private Path config;

    @Option(names = "--url", description = "Server URL (default: from the configuration's http section).")
    private URI url;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = Main.home();
        HearthConfig hearthConfig;
        try {
            hearthConfig = HearthConfig.load(config != null ? config.toAbsolutePath() : home.resolve("conf/hearth.yaml"), home);
        } catch (StartupFailure e) {
            return fail(e.getMessage());
        }
        String secret = hearthConfig.sharedSecret();
        if (secret == null) {
            Path file = hearthConfig.dataDir().resolve(SECRET_FILE);
            if (!Files.exists(file)) {
                return fail("no registration.shared_secret in " + hearthConfig.file() + " and no " + file
                        + " (start the server once to generate it)");
            }
            secret = Files.readString(file).trim();
        }
        String pass = password != null ? password : readPassword();
        if (pass == null || pass.isEmpty()) {
            return fail("a password is needed");
        }
        URI base = url != null ? url : URI.create("http://" + hostOf(hearthConfig) + ":" + hearthConfig.httpPort());
        HttpClient client = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        URI endpoint = base.resolve("/_synapse/admin/v1/register");
        HttpResponse<String> nonceReply;
        try {
            nonceReply = client.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return fail("cannot reach the server at " + base + ": " + e);
        }
        if (nonceReply.statusCode() != 200) {
            return fail("the server answered " + nonceReply.statusCode() + ": " + nonceReply.body());
        }
        String nonce = json.readTree(nonceReply.body()).path("nonce").asText();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", nonce);
        body.put("username", user);
        body.put("password", pass);
        body.put("admin", admin);
        body.put("mac", HexFormat.of().formatHex(
                SharedSecretMac.compute(secret.getBytes(StandardCharsets.UTF_8), nonce, user, pass, admin)));
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(reply.body());
        if (reply.statusCode() != 200) {
            return fail(answer.path("errcode").asText() + ": " + answer.path("error").asText());
        }
        System.out.println("Registered " + answer.path("user_id").asText() + (admin ? " (server admin)" : ""));
        return 0;
    }

    private static String hostOf(HearthConfig config) {
        String host = config.bindAddresses().get(0);
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Confirm password: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                return null;
            }
            return new String(first);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }

    private static int fail(String message) {
        System.err.println("hearth register-user: " + message);
        return 1;
    }
}
