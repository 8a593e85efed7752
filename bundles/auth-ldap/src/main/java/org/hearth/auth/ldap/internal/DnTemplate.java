package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import org.hearth.api.config.ConfigException;

/**
 * {@code auth_ldap.bind_dn_template} such as {@code uid={username},ou=people,dc=example,dc=org}:
 * the DN to bind as directly, without searching first. The name is put in as an attribute
 * value of the first RDN, so DN special characters in it are escaped (RFC 4514), never parsed.
 */
record DnTemplate(String attribute, DN parent) {
    private static final String PLACEHOLDER = "{username}";

    static DnTemplate parse(String text) {
        int eq = text.indexOf('=');
        int comma = text.indexOf(',');
        boolean shaped = eq > 0 && comma > eq && text.substring(eq + 1, comma).trim().equals(PLACEHOLDER)
                && !text.substring(comma + 1).contains(PLACEHOLDER);
        if (!shaped) {
            throw new ConfigException("auth_ldap.bind_dn_template: expected attribute={username},<parent DN>, such as "
                    + "uid={username},ou=people,dc=example,dc=org; found \"" + text + "\"");
        }
        try {
            return new DnTemplate(text.substring(0, eq).trim(), new DN(text.substring(comma + 1).trim()));
        } catch (LDAPException e) {
            throw new ConfigException("auth_ldap.bind_dn_template: not a DN after the first comma: " + e.getMessage());
        }
    }

    DN dnFor(String username) {
        return new DN(new RDN(attribute, username), parent);
    }
}
