package org.hearth.itest.ldap;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.ldap.TestLdapServer;

/** The {@code auth_ldap:} section of a test server, and what the LDAP tests ask the server. */
public final class LdapSection {
    private LdapSection() {
    }

    /** Writes the section, and the PostgreSQL database whose rows the test reads. */
    static void write(TestConfig config, Map<String, Object> section, PostgresDatabase database) {
        config.set("database.url", database.url());
        config.set("database.user", database.user());
        write(config, section);
    }

    /** Writes the section (as the test LDAP server describes it) into the server's YAML. */
    public static void write(TestConfig config, Map<String, Object> section) {
        TestLdapServer.writeSection(config, section);
        config.set("rate_limits.login.burst", 1000);
        config.set("rate_limits.registration.burst", 100);
    }

    /**
     * A test server with the LDAP bundle deployed, logging in against the OpenLDAP tree of
     * {@code ldap} with the keys {@code keys} adds; {@code settings} sets the rest of the YAML.
     */
    static HearthServer openLdapServer(TestLdapServer ldap, Consumer<TestConfig> settings,
                                       Consumer<Map<String, Object>> keys) {
        return HearthServer.with(c -> {
            settings.accept(c);
            Map<String, Object> section = ldap.openLdapConfig();
            keys.accept(section);
            write(c, section);
        }).deploying(TestBundles.authLdap());
    }

    static Reply login(MatrixHttp http, String user, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "m.login.password");
        body.put("identifier", Map.of("type", "m.id.user", "user", user));
        body.put("password", password);
        return http.post("/_matrix/client/v3/login", body);
    }

    /**
     * The account's row in the server's PostgreSQL database. (Not SQLite: a second copy of the
     * SQLite library in this JVM does not reliably see the server's uncheckpointed WAL.)
     */
    record Row(boolean admin, String displayName, boolean deactivated) {}

    static Row account(PostgresDatabase database, String userId) throws SQLException {
        try (Connection db = DriverManager.getConnection(database.url(), database.user(), "");
             PreparedStatement query = db.prepareStatement(
                     "SELECT admin, display_name, deactivated FROM accounts WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no account " + userId);
                }
                return new Row(row.getBoolean(1), row.getString(2), row.getBoolean(3));
            }
        }
    }

    static String userId(Reply login) {
        JsonNode id = login.json().get("user_id");
        return id == null ? null : id.asText();
    }
}
