package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.config.ConfigException;
import org.hearth.api.config.Settings;

/**
 * The {@code auth_ldap:} section of {@code conf/hearth.yaml} (ConfigAdmin PID
 * {@code hearth.auth_ldap}), checked: a wrong value throws {@link ConfigException} naming
 * {@code auth_ldap.<key>}. The keys follow synapse-ldap3 where it has one; they are declared in
 * {@link LdapSection}, against which the launcher checks the section (unknown keys, types)
 * before it gets here. This checks what a type cannot say (URIs, DNs, filters …).
 */
record LdapConfig(
        List<LdapUri> uris, boolean startTls, Optional<Path> caFile, boolean verifyHostname,
        Duration connectTimeout, Duration timeout, int poolSize,
        DN baseDn, Optional<String> bindDn, String bindPassword, Optional<DnTemplate> bindDnTemplate,
        Filter userFilter, UserAttributes attributes, GroupPolicy groups,
        boolean allowLocalFallback, Duration syncInterval, GroupRooms groupRooms) {

    static final String SECTION = "auth_ldap";
    static final String PID = "hearth." + SECTION;
    static LdapConfig parse(Map<String, ?> properties) {
        Settings s = new Settings(SECTION, properties);
        List<LdapUri> uris = s.strings("uris", List.of()).stream().map(LdapUri::parse).toList();
        if (uris.isEmpty()) {
            throw new ConfigException("auth_ldap.uris: at least one server is needed, such as [\"ldaps://ldap.example.org\"]");
        }
        boolean startTls = s.flag("start_tls", false);
        Optional<Path> caFile = s.string("ca_file").map(Path::of);
        if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
            throw new ConfigException("auth_ldap.ca_file: cannot read " + caFile.get());
        }
        DN baseDn = dn(s, "base_dn", s.string("base_dn").orElseThrow(() ->
                new ConfigException("auth_ldap.base_dn: required, such as \"ou=people,dc=example,dc=org\"")));
        Optional<String> bindDn = s.string("bind_dn");
        bindDn.ifPresent(value -> dn(s, "bind_dn", value));
        Optional<String> bindPassword = s.string("bind_password");
        if (bindDn.isPresent() != bindPassword.isPresent()) {
            throw new ConfigException("auth_ldap." + (bindDn.isPresent() ? "bind_password" : "bind_dn")
                    + ": bind_dn and bind_password go together");
        }
        Optional<DnTemplate> template = s.string("bind_dn_template").map(DnTemplate::parse);

        String login = s.string("attributes.login", "uid");
        UserAttributes attributes = new UserAttributes(login,
                s.string("attributes.localpart", login),
                s.string("attributes.displayname", "cn"),
                s.string("attributes.email", "mail"),
                s.string("attributes.id", "entryUUID"));

        GroupPolicy groups = new GroupPolicy(
                dns(s, "required_groups"), dns(s, "admin_groups"),
                GroupMembership.parse(s.string("group_membership", "member")),
                dn(s, "group_base_dn", s.string("group_base_dn", baseDn.toString())),
                s.string("group_member_attribute", "member"),
                filter(s, "group_filter",
                        "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))"));

        return new LdapConfig(uris, startTls, caFile, s.flag("tls_verify_hostname", true),
                Durations.read(properties, SECTION, "connect_timeout", Duration.ofSeconds(3)),
                Durations.read(properties, SECTION, "timeout", Duration.ofSeconds(5)),
                (int) s.number("pool_size", 10, 1, 1000),
                baseDn, bindDn, bindPassword.orElse(""), template,
                filter(s, "user_filter", "(objectClass=*)"), attributes, groups,
                s.flag("allow_local_fallback", true),
                Durations.read(properties, SECTION, "sync.interval", Duration.ofHours(1)),
                GroupRooms.parse(properties));
    }

    private static DN dn(Settings s, String key, String value) {
        try {
            return new DN(value);
        } catch (LDAPException e) {
            throw new ConfigException(s.section() + "." + key + ": \"" + value + "\" is not a DN: " + e.getMessage());
        }
    }

    private static Set<DN> dns(Settings s, String key) {
        Set<DN> out = new LinkedHashSet<>();
        for (String value : s.strings(key, List.of())) {
            out.add(dn(s, key, value));
        }
        return Set.copyOf(out);
    }

    private static Filter filter(Settings s, String key, String fallback) {
        String value = s.string(key, fallback);
        try {
            return Filter.create(value);
        } catch (LDAPException e) {
            throw new ConfigException(s.section() + "." + key + ": \"" + value + "\" is not an LDAP filter: "
                    + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LdapConfig[" + uris + " base " + baseDn + "]"; // never the bind password
    }
}
