/**
 * Reading a bundle's section of {@code conf/hearth.yaml}, as ConfigAdmin hands it over.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.config;
