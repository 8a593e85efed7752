package org.hearth.auth.ldap.internal;

import java.util.Locale;
import org.hearth.api.config.ConfigException;

/** How a directory records group membership ({@code auth_ldap.group_membership}). */
enum GroupMembership {
    /** Groups list their members ({@code groupOfNames}/{@code member}, OpenLDAP); Hearth follows nested groups. */
    MEMBER,
    /** Entries list their groups in {@code memberOf}; Hearth follows each group's own {@code memberOf}. */
    MEMBER_OF,
    /** Active Directory resolves nesting itself with the matching rule LDAP_MATCHING_RULE_IN_CHAIN. */
    AD_CHAIN;

    static GroupMembership parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "member" -> MEMBER;
            case "memberof", "member_of" -> MEMBER_OF;
            case "ad_chain" -> AD_CHAIN;
            default -> throw new ConfigException("auth_ldap.group_membership: expected member, memberof or ad_chain, found \""
                    + text + "\"");
        };
    }
}
