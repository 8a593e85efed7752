/**
 * Who is asking: access-token authentication of requests ({@link org.hearth.api.auth.RequestAuth},
 * provided by core) and the login extension point ({@link org.hearth.api.auth.Authenticator},
 * implemented by core for local passwords and by bundles such as auth-ldap).
 */
@org.osgi.annotation.versioning.Version("0.3.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.auth;
