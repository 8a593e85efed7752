package org.hearth.auth.ldap.internal;

/**
 * The directory attributes Hearth reads ({@code auth_ldap.attributes.*}).
 *
 * @param login       matched against the name the user types ({@code uid}; {@code sAMAccountName}
 *                    or {@code userPrincipalName} on Active Directory)
 * @param localpart   becomes the Matrix localpart, lower-cased
 * @param displayName the display name, written at every login
 * @param email       the email address, handed to core
 * @param id          a value that stays when the entry is renamed ({@code entryUUID};
 *                    {@code objectGUID} on Active Directory); the DN when the entry lacks it
 */
record UserAttributes(String login, String localpart, String displayName, String email, String id) {

    /** Read besides the configured ones: Active Directory's account flags. */
    static final String USER_ACCOUNT_CONTROL = "userAccountControl";

    /** Active Directory's objectGUID is 16 bytes; Hearth keeps it as hex. */
    boolean binaryId() {
        return id.equalsIgnoreCase("objectGUID");
    }

    String[] requested(boolean memberOf) {
        return memberOf
                ? new String[] {login, localpart, displayName, email, id, USER_ACCOUNT_CONTROL, "memberOf"}
                : new String[] {login, localpart, displayName, email, id, USER_ACCOUNT_CONTROL};
    }
}
