/**
 * Matrix identifiers as validated value types (appendices, "Identifier Grammar"): parsed once at
 * the edge, never passed around as raw strings.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.id;
