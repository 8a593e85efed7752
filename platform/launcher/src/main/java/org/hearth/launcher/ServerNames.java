package org.hearth.launcher;

import java.util.regex.Pattern;

/** The server name grammar of the appendices ("Server Name"): host, optionally :port. */
final class ServerNames {
    private static final Pattern DNS = Pattern.compile("[A-Za-z0-9.-]{1,255}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

    private ServerNames() {
    }

    static boolean isValid(String name) {
        String host = name;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            String port = name.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                return false;
            }
            host = name.substring(0, colon);
        }
        return IPV6.matcher(host).matches() || IPV4.matcher(host).matches() || DNS.matcher(host).matches();
    }
}
