package org.hearth.http.internal;

import jakarta.servlet.http.HttpServletResponse;

/** The CORS headers the Client-Server API recommends on all requests ("Web Browser Clients"). */
final class Cors {
    private Cors() {
    }

    static void addHeaders(HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
        response.setHeader("Access-Control-Allow-Headers", "X-Requested-With, Content-Type, Authorization");
    }
}
