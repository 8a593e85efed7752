package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.HexFormat;
import java.util.List;

/**
 * A user entry as Hearth reads it.
 *
 * @param id        the stable ID linking the entry to its Matrix account ({@code attributes.id},
 *                  hex for Active Directory's binary {@code objectGUID}; else the normalized DN)
 * @param localpart the raw value of {@code attributes.localpart}, or null
 * @param disabled  Active Directory's ACCOUNTDISABLE flag (bit 0x2 of {@code userAccountControl})
 * @param memberOf  the entry's {@code memberOf} values, when they were asked for
 */
record DirectoryUser(DN dn, String id, String localpart, String displayName, String email, boolean disabled,
                     List<String> memberOf) {
    private static final int ACCOUNTDISABLE = 0x2;
    /** Prefix of the IDs of entries without the ID attribute. */
    static final String DN_ID = "dn:";

    static DirectoryUser from(Entry entry, UserAttributes attributes) throws LDAPException {
        DN dn = entry.getParsedDN();
        String id;
        if (attributes.binaryId() && entry.hasAttribute(attributes.id())) {
            id = HexFormat.of().formatHex(entry.getAttributeValueBytes(attributes.id()));
        } else {
            id = entry.getAttributeValue(attributes.id());
        }
        if (id == null) {
            id = DN_ID + dn.toNormalizedString();
        }
        Integer flags = entry.getAttributeValueAsInteger(UserAttributes.USER_ACCOUNT_CONTROL);
        String[] groups = entry.getAttributeValues("memberOf");
        return new DirectoryUser(dn, id, entry.getAttributeValue(attributes.localpart()),
                entry.getAttributeValue(attributes.displayName()), entry.getAttributeValue(attributes.email()),
                flags != null && (flags & ACCOUNTDISABLE) != 0, groups == null ? List.of() : List.of(groups));
    }
}
