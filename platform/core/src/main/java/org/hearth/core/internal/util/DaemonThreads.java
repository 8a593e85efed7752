package org.hearth.core.internal.util;

import java.util.concurrent.ThreadFactory;

/** Threads of the server's own executors: named for thread dumps and profiles, and never keeping the JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Daemon threads, each with this name. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
