package org.hearth.http.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.hearth.api.config.ConfigException;
import org.hearth.api.config.Settings;
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
public class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    private final RouteTable routes = new RouteTable();
    private final XnioWorker worker;
    private final Undertow undertow;
    private final DeploymentManager deployment;

    @Activate
    public HttpServer(@Reference Xnio xnio, @Reference HttpMetrics metrics, @Reference AccessCheck access,
                      @Reference RateLimits limits, Map<String, Object> properties)
            throws IOException, ServletException {
        Settings settings = new Settings("http", properties);
        List<String> addresses = settings.strings("bind_addresses", List.of("127.0.0.1"));
        int port = (int) settings.number("port", 8008, 0, 65535);
        long maxBody = settings.number("max_request_bytes", DEFAULT_MAX_BODY_BYTES, 1, Integer.MAX_VALUE - 8);
        int cores = Runtime.getRuntime().availableProcessors();
        int ioThreads = (int) settings.number("io_threads", Math.max(2, cores), 1, 1024);
        int workerThreads = (int) settings.number("worker_threads", Math.max(32, cores * 16), 1, 10_000);
        if (addresses.isEmpty()) {
            throw new ConfigException("http.bind_addresses: at least one address is needed");
        }

        ObjectMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // Matrix bodies may carry extra keys
                .build();
        DispatcherServlet servlet = new DispatcherServlet(routes, access, limits, metrics, maxBody, json);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(HttpServer.class.getClassLoader())
                .setContextPath("")
                .setDeploymentName("hearth")
                .setDefaultEncoding("UTF-8")
                .addServlet(Servlets.servlet("dispatcher", DispatcherServlet.class,
                                new ImmediateInstanceFactory<>(servlet))
                        .addMapping("/*")
                        .setAsyncSupported(true));
        deployment = Servlets.newContainer().addDeployment(info);
        deployment.deploy();
        HttpHandler handler = deployment.start();

        worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.WORKER_TASK_CORE_THREADS, workerThreads)
                .set(Options.WORKER_TASK_MAX_THREADS, workerThreads)
                .set(Options.TCP_NODELAY, true)
                .getMap());
        Undertow.Builder builder = Undertow.builder()
                .setWorker(worker)
                .setServerOption(UndertowOptions.ALLOW_ENCODED_SLASH, true)
                // No body limit of Undertow's own (10 MiB by default): the dispatcher applies
                // http.max_request_bytes, and a route that streams its body applies its own.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setHandler(handler);
        for (String address : addresses) {
            builder.addHttpListener(port, address);
        }
        undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
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
        undertow.stop();
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
