package org.hearth.auth.ldap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The keys of the {@code auth_ldap:} section of {@code conf/hearth.yaml} (PID
 * {@code hearth.auth_ldap}): what the launcher checks the section against when this bundle
 * arrives. {@link LdapConfig} reads and checks the values (URIs, DNs, filters, durations).
 * Method names follow the DS and metatype naming rule: {@code _} is a dot, {@code __} an
 * underscore. {@code sync.group_rooms} is a mapping (group DN → room), handed over as
 * {@code sync.group_rooms.<DN>} entries.
 */
@ObjectClassDefinition(name = "LDAP login", description = "The auth_ldap: section of conf/hearth.yaml")
@interface AuthLdapConfig {
    @AttributeDefinition(description = "LDAP servers, such as ldaps://ldap.example.org")
    String[] uris();

    @AttributeDefinition(required = false) boolean start__tls() default false;

    @AttributeDefinition(required = false, description = "PEM file of the CA that signed the servers' certificates")
    String ca__file();

    @AttributeDefinition(required = false) boolean tls__verify__hostname() default true;

    @AttributeDefinition(required = false, description = "A duration: 500ms, 30s, 15m, 2h, 1d or whole seconds")
    String connect__timeout() default "3s";

    @AttributeDefinition(required = false, description = "A duration: 500ms, 30s, 15m, 2h, 1d or whole seconds")
    String timeout() default "5s";

    @AttributeDefinition(required = false, min = "1", max = "1000") int pool__size() default 10;

    @AttributeDefinition(description = "Where users are searched") String base__dn();

    @AttributeDefinition(required = false) String bind__dn();

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD) String bind__password();

    @AttributeDefinition(required = false, description = "Direct bind, such as uid={username},ou=people,dc=example,dc=org")
    String bind__dn__template();

    @AttributeDefinition(required = false) String user__filter() default "(objectClass=*)";

    @AttributeDefinition(required = false) String attributes_login() default "uid";

    @AttributeDefinition(required = false, description = "Default: attributes.login") String attributes_localpart();

    @AttributeDefinition(required = false) String attributes_displayname() default "cn";

    @AttributeDefinition(required = false) String attributes_email() default "mail";

    @AttributeDefinition(required = false) String attributes_id() default "entryUUID";

    @AttributeDefinition(required = false) String[] required__groups() default {};

    @AttributeDefinition(required = false) String[] admin__groups() default {};

    @AttributeDefinition(required = false, options = {
        @Option(value = "member"), @Option(value = "memberof"), @Option(value = "ad_chain")})
    String group__membership() default "member";

    @AttributeDefinition(required = false, description = "Default: base_dn") String group__base__dn();

    @AttributeDefinition(required = false) String group__member__attribute() default "member";

    @AttributeDefinition(required = false) String group__filter();

    @AttributeDefinition(required = false) boolean allow__local__fallback() default true;

    @AttributeDefinition(required = false, description = "A duration: 500ms, 30s, 15m, 2h, 1d or whole seconds")
    String sync_interval() default "1h";

    @AttributeDefinition(required = false, description = "A mapping: group DN → room ID or alias")
    String sync_group__rooms();

    @AttributeDefinition(required = false, description = "The local user who invites and kicks in the group rooms")
    String sync_room__manager();
}
