package org.hearth.http.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.config.ConfigException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The HTTP server: Undertow with one Jakarta servlet, configured by the {@code http:} section of
 * {@code conf/hearth.yaml} (PID {@code hearth.http}).
 *
 * <p>It serves every {@link Route} service that carries {@link MatrixRoute} properties, from any
 * bundle, from the moment the service appears until it goes away.
 */
@Component(configurationPid = "hearth.http", configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = HttpConfig.class)
public class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    private final RouteTable routes = new RouteTable();
    private final XnioWorker worker;
    private final Listeners listeners;
    private final DeploymentManager deployment;

    @Activate
    public HttpServer(@Reference Xnio xnio, @Reference HttpMetrics metrics, @Reference AccessCheck access,
                      @Reference RateLimits limits, HttpConfig config)
            throws IOException, ServletException {
        List<String> addresses = List.of(config.bind__addresses());
        int port = config.port();
        long maxBody = config.max__request__bytes();
        int cores = Runtime.getRuntime().availableProcessors();
        int ioThreads = config.io__threads() > 0 ? config.io__threads() : Math.max(2, cores);
        int workerThreads = config.worker__threads() > 0 ? config.worker__threads() : Math.max(32, cores * 16);
        if (addresses.isEmpty()) {
            throw new ConfigException("http.bind_addresses: at least one address is needed");
        }

        ObjectMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // Matrix bodies may carry extra keys
                .build();
        AccessLog log = new AccessLog(metrics);
        JsonResponses responses = new JsonResponses(json);
        DispatcherServlet servlet = new DispatcherServlet(routes, access, limits, log, maxBody, json);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(HttpServer.class.getClassLoader())
                .setContextPath("")
                .setDeploymentName("hearth")
                .setDefaultEncoding("UTF-8")
                // Routes authenticate their callers themselves (AccessCheck): without this, every
                // request also went through eight handlers of the container's own security and
                // allocated a security context it never used.
                .setSecurityDisabled(true)
                // Async tasks run inline: EndOnIoThread's task only hands the exchange to its I/O thread.
                .setAsyncExecutor(Runnable::run)
                .addServlet(Servlets.servlet("dispatcher", DispatcherServlet.class,
                                new ImmediateInstanceFactory<>(servlet))
                        .addMapping("/*")
                        .setAsyncSupported(true))
                // whatever error the container raises itself is answered by the servlet, in JSON
                .addErrorPage(Servlets.errorPage("/_hearth/error"));
        deployment = Servlets.newContainer().addDeployment(info);
        deployment.deploy();
        HttpHandler handler = deployment.start();

        worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
                .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
                .set(Options.TCP_NODELAY, true)
                .getMap());
        try {
            listeners = Listeners.open(worker, addresses, port, new ErrorBoundary(handler, responses, log), log,
                    responses.errorBody(new MatrixException(400, "M_UNKNOWN", "Malformed HTTP request")));
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            throw new IllegalStateException("Cannot listen on " + addresses + " port " + port + ": "
                    + rootMessage(e) + " (http.bind_addresses / http.port)", e);
        }
        LOG.info("HTTP listening on {} port {} ({} routes)", addresses, port, routes.size());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(Route route, Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        try {
            List<RouteTable.Entry> entries = RouteProperties.entries(id, route, properties);
            routes.add(entries);
            LOG.debug("Route added: {}", entries);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring route service {} of bundle {}: {}", id, properties.get("component.name"), e.getMessage());
        }
    }

    void removeRoute(Route route, Map<String, Object> properties) {
        routes.remove(properties.get(Constants.SERVICE_ID));
    }

    @Deactivate
    void stop() {
        listeners.close();
        try {
            deployment.stop();
            deployment.undeploy();
        } catch (ServletException e) {
            LOG.warn("Servlet deployment did not stop cleanly", e);
        }
        worker.shutdown();
        LOG.info("HTTP stopped");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
