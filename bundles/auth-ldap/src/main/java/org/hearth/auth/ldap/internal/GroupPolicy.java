package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may log in and who is a server admin: {@code auth_ldap.required_groups} and
 * {@code auth_ldap.admin_groups}, with where and how to find the groups.
 *
 * @param required empty: every directory user may log in
 * @param admin    empty: logins leave the admin flag alone
 */
record GroupPolicy(Set<DN> required, Set<DN> admin, GroupMembership membership, DN baseDn,
                   String memberAttribute, Filter filter) {

    /** Every group a login has to be checked against. */
    Set<DN> watched() {
        Set<DN> all = new HashSet<>(required);
        all.addAll(admin);
        return all;
    }

    /** The same search settings, watching other groups (those of {@code sync.group_rooms}). */
    GroupPolicy watching(Set<DN> groups) {
        return new GroupPolicy(groups, Set.of(), membership, baseDn, memberAttribute, filter);
    }

    boolean allows(Set<DN> groups) {
        return required.isEmpty() || groups.stream().anyMatch(required::contains);
    }

    /** Null when no admin groups are configured, so that core keeps the flag as it is. */
    Boolean admin(Set<DN> groups) {
        return admin.isEmpty() ? null : groups.stream().anyMatch(admin::contains);
    }
}
