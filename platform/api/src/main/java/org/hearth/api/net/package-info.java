/**
 * Network rules every bundle that reaches out applies the same way: which addresses are private
 * (never reached unless the operator says so), address ranges, and trusting the CAs of a PEM file.
 */
@org.osgi.annotation.versioning.Version("0.4.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.net;
