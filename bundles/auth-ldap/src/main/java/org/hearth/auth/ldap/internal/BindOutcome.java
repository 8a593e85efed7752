package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import java.util.Set;

/** What the directory said about a name and password. */
sealed interface BindOutcome permits BindOutcome.Unknown, BindOutcome.WrongPassword, BindOutcome.Verified {

    /** No entry for the name (or, binding with a DN template, the bind failed: the two look alike). */
    record Unknown() implements BindOutcome {}

    /** The entry exists and the directory refused the password. */
    record WrongPassword() implements BindOutcome {}

    /** The directory accepted the password; {@code groups} are the watched groups the user is in. */
    record Verified(DirectoryUser user, Set<DN> groups) implements BindOutcome {}
}
