/**
 * Identity servers as a client of theirs (Identity Service API): looking up the Matrix ID bound to
 * a third-party identifier, storing an invite for one that is not bound yet, and asking whether an
 * identity server's public key is still valid. Used by third-party invites.
 */
package org.hearth.core.internal.identity;
