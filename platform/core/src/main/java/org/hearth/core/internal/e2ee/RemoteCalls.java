package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.core.internal.rooms.FederationLink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key requests to other servers ({@code /keys/query}, {@code /keys/claim} for their users): one
 * call per server, all at once, waited for until the client's timeout. A server that failed or
 * did not answer in time goes into {@code failures} (Client-Server API: "If any remote homeservers
 * could not be reached, they are recorded here"); one slow server delays the answer by the
 * timeout at most. Also runs the device-list resyncs that EDUs start, off the inbound thread.
 */
@Component(service = RemoteCalls.class)
public class RemoteCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCalls.class);
    /** The spec's default {@code timeout} of key queries and claims, and the longest a client may ask for. */
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final long MAX_TIMEOUT_MS = 60_000;
    private static final int THREADS = 16;

    /** One server's part of a request. */
    @FunctionalInterface
    public interface Call {
        JsonNode run(RemoteServers remote, ServerName server) throws RemoteException;
    }

    private final FederationLink link;
    private final ExecutorService executor;

    @Activate
    public RemoteCalls(@Reference FederationLink link) {
        this.link = link;
        AtomicInteger next = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), task -> {
                    Thread thread = new Thread(task, "remote-keys-" + next.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    /** The client's {@code timeout} in milliseconds, bounded; the default when absent. */
    static long timeout(JsonNode body) {
        JsonNode timeout = body.get("timeout");
        if (timeout == null || !timeout.canConvertToLong()) {
            return DEFAULT_TIMEOUT_MS;
        }
        return Math.max(0, Math.min(MAX_TIMEOUT_MS, timeout.asLong()));
    }

    /** Each server's answer; the servers that failed are put in {@code failures} instead. */
    public Map<ServerName, JsonNode> each(Collection<ServerName> servers, long timeoutMs, Call call,
                                          ObjectNode failures) {
        Map<ServerName, JsonNode> answers = new LinkedHashMap<>();
        RemoteServers remote = link.remote();
        if (remote == null) {
            servers.forEach(server -> fail(failures, server, "This server does not federate"));
            return answers;
        }
        Map<ServerName, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        for (ServerName server : servers) {
            CompletableFuture<JsonNode> future = new CompletableFuture<>();
            try {
                executor.execute(() -> {
                    try {
                        future.complete(call.run(remote, server));
                    } catch (RemoteException | RuntimeException e) {
                        future.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException rejected) {
                future.completeExceptionally(rejected);
            }
            pending.put(server, future);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        pending.forEach((server, future) -> {
            try {
                answers.put(server, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                future.cancel(true);
                fail(failures, server, "Timed out after " + timeoutMs + " ms");
            } catch (ExecutionException e) {
                fail(failures, server, e.getCause() instanceof RemoteException r ? r : null, e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(failures, server, "Interrupted");
            }
        });
        return answers;
    }

    /** Runs the task in the background (a device-list resync an EDU asked for). */
    void background(String what, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.info("{} failed: {}", what, e.toString());
                }
            });
        } catch (RuntimeException rejected) {
            LOG.info("{} dropped: {}", what, rejected.toString());
        }
    }

    private static void fail(ObjectNode failures, ServerName server, String message) {
        fail(failures, server, null, message);
    }

    private static void fail(ObjectNode failures, ServerName server, RemoteException cause, String message) {
        int status = cause != null && cause.kind() == RemoteException.Kind.ERROR_RESPONSE ? cause.status() : 503;
        failures.putObject(server.value()).put("status", status)
                .put("message", cause != null ? cause.getMessage() : message);
    }
}
