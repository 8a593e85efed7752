package org.hearth.http.internal;

import io.undertow.servlet.spec.AsyncContextImpl;
import io.undertow.servlet.spec.HttpServletRequestImpl;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import org.xnio.XnioIoThread;

/**
 * Ends an exchange on its connection's I/O thread, not on the thread that wrote its answer.
 *
 * <p>Why: a keep-alive client sends its next request as soon as it has read the answer. When a
 * worker thread ends the exchange, Undertow's {@code HttpReadListener.exchangeComplete} resumes
 * reads (waking the I/O thread) before it marks the connection free, and the woken I/O thread,
 * finding the next request's bytes, spins on that mark until the worker sets it. On two cores
 * the woken I/O thread often preempts that worker: the loop was 21% of the server's CPU samples
 * during sequential sends. A long poll's answer also went through a worker first (Undertow
 * dispatches a completion from another thread to its executor). Ended on its I/O thread, the
 * exchange frees the connection without either: with 50 waiting {@code /sync} requests, the
 * p50 from a send to each wake went from 10-11 ms to 4.5-5.2 ms ({@code SyncBench}).
 *
 * <p>Only for exchanges whose request body has been read to its end: ending an exchange drains
 * what is left of the body, which an I/O thread must not block on.
 */
final class EndOnIoThread {
    private EndOnIoThread() {
    }

    /**
     * Completes {@code async} on its connection's I/O thread, once the servlet's {@code service}
     * call has returned (the deployment's async executor runs the task inline, see {@link HttpServer}).
     */
    static void complete(HttpServletRequest request, AsyncContext async) {
        AsyncContextImpl impl = (AsyncContextImpl) async;
        XnioIoThread io = ((HttpServletRequestImpl) request).getExchange().getIoThread();
        impl.addAsyncTask(() -> io.execute(impl::complete));
    }
}
