package org.hearth.core.internal.server;

/**
 * The launcher's own top-level keys of {@code conf/hearth.yaml} as {@code hearth.server} hands
 * them over, defaults filled in. The launcher checks them itself (types such as a server name or
 * a URL are beyond metatype), so this type declares no metatype. Method names follow the DS
 * naming rule: {@code __} is an underscore in the key.
 */
@interface ServerConfig {
    String server__name() default "localhost";

    /** Absent only when the launcher did not fill it in: derived from the server name. */
    String public__baseurl();

    String data__dir() default "data";
}
