package org.hearth.federation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.hearth.api.Clock;
import org.hearth.api.config.ConfigException;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.event.StreamConsumer;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.federation.ServerIdentity;
import org.hearth.api.federation.ServerKeys;
import org.hearth.api.id.ServerName;
import org.hearth.api.media.LocalMedia;
import org.hearth.api.media.MediaContent;
import org.hearth.api.media.ThumbnailSpec;
import org.hearth.federation.internal.auth.RequestVerifier;
import org.hearth.federation.internal.client.AddressGuard;
import org.hearth.federation.internal.client.ClientTls;
import org.hearth.federation.internal.client.FederationClient;
import org.hearth.federation.internal.client.ServerResolver;
import org.hearth.federation.internal.client.WireClient;
import org.hearth.federation.internal.http.Dispatcher;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.FederationListener;
import org.hearth.federation.internal.http.PemFiles;
import org.hearth.federation.internal.inbound.HostAccess;
import org.hearth.federation.internal.inbound.MediaEndpoints;
import org.hearth.federation.internal.inbound.MembershipEndpoints;
import org.hearth.federation.internal.inbound.QueryEndpoints;
import org.hearth.federation.internal.inbound.RoomReadEndpoints;
import org.hearth.federation.internal.inbound.TransactionEndpoint;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.keys.KeyEndpoints;
import org.hearth.federation.internal.keys.KeyFetcher;
import org.hearth.federation.internal.keys.NotaryKeys;
import org.hearth.federation.internal.keys.OwnKeys;
import org.hearth.federation.internal.keys.RemoteKeys;
import org.hearth.federation.internal.outbound.EventQueuer;
import org.hearth.federation.internal.outbound.TransactionSender;
import org.hearth.federation.internal.store.KeyStore;
import org.hearth.federation.internal.store.Outbox;
import org.hearth.federation.internal.store.TxnStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Xnio;

/**
 * The federation bundle, configured by the {@code federation:} section ({@link FederationSettings}):
 * the federation listener with its endpoints, and the services core uses to reach other servers
 * ({@link RemoteServers}) and check their signatures ({@link ServerKeys}). This server's name and
 * key are core's ({@link ServerIdentity}); the bundle's own tables ({@code federation_*}) are in
 * the server's database ({@link BundleDatabase}).
 */
@Component(service = {RemoteServers.class, ServerKeys.class, EventStreamConsumer.class},
        configurationPid = "hearth.federation", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@StreamConsumer(name = EventQueuer.NAME)
@Designate(ocd = FederationConfig.class)
public final class Federation implements RemoteServers, ServerKeys, EventStreamConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(Federation.class);
    /** Largest request body the listener reads: a transaction of 50 PDUs and 100 EDUs fits with room. */
    static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    /** Largest answer read from another server (a send_join of a big room's state). */
    static final long MAX_RESPONSE_BYTES = 100L * 1024 * 1024;

    private final CoreHost host;
    private final WireClient wire;
    private final FederationClient client;
    private final RemoteKeys keys;
    private final FederationListener listener;
    private final Outbox outbox;
    private final TransactionSender sender;
    private final EventQueuer queuer;
    private final Clock time;
    /** The media bundle's media, served to other servers while it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LocalMedia media;

    @Activate
    public Federation(@Reference BundleDatabase db, @Reference ServerIdentity identity, @Reference Xnio xnio,
                      @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                      Clock clock,
                      BundleContext context, Map<String, Object> properties) {
        time = clock != null ? clock : System::currentTimeMillis;
        try {
            host = new CoreHost(context);
            FederationSettings settings = FederationSettings.from(properties);
            if (!settings.verifyCertificates()) {
                LOG.warn("!!! federation.verify_certificates is false: other servers' TLS certificates are NOT "
                        + "checked, so anyone on the network path can impersonate them. Never do this in production.");
            }
            SSLContext clientTls = ClientTls.context(settings.caFile(), settings.verifyCertificates());
            wire = new WireClient(clientTls, settings.verifyCertificates(),
                    new AddressGuard(settings.allowPrivateAddresses()), 10_000, 60_000, MAX_RESPONSE_BYTES);
            ServerResolver resolver = new ServerResolver(settings.hosts(),
                    name -> ServerResolver.fetchWellKnown(wire, name), ServerResolver::dnsSrv, time);
            client = new FederationClient(identity, settings.policy(), resolver, wire);
            db.migrate("federation", Federation.class.getClassLoader(), "federation-migrations");
            KeyStore keyStore = new KeyStore(db);
            KeyFetcher fetcher = new KeyFetcher(client, keyStore);
            keys = new RemoteKeys(identity, keyStore, fetcher,
                    new NotaryKeys(settings.trustedKeyServers(), client, fetcher), time);
            OwnKeys own = new OwnKeys(identity, time);

            List<Mount> mounts = new ArrayList<>();
            String version = context.getBundle().getVersion().toString();
            mounts.add(Mount.open("GET", "/_matrix/federation/v1/version", r -> Json.object().set("server",
                    Json.object().put("name", "Hearth").put("version", version))));
            mounts.addAll(new KeyEndpoints(identity, own, keyStore, fetcher, settings.policy(), time).mounts());
            HostAccess core = new HostAccess(host);
            TxnStore txns = new TxnStore(db);
            mounts.add(new TransactionEndpoint(core, txns, time, this::heardFrom).mount());
            mounts.addAll(new MembershipEndpoints(core).mounts());
            mounts.addAll(new RoomReadEndpoints(core).mounts());
            mounts.addAll(new QueryEndpoints(core).mounts());
            mounts.addAll(new MediaEndpoints(() -> media).mounts());
            Dispatcher dispatcher = new Dispatcher(mounts,
                    new RequestVerifier(identity.name(), settings.policy(), keys, time), MAX_REQUEST_BYTES);

            SSLContext serverTls = settings.tlsCertificate() == null ? null
                    : PemFiles.serverContext(settings.tlsCertificate(), settings.tlsPrivateKey());
            try {
                listener = new FederationListener(xnio, settings.bindAddresses(), settings.port(), serverTls, dispatcher);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("federation: cannot listen on " + settings.bindAddresses() + " port "
                        + settings.port() + ": " + e.getMessage() + " (federation.bind_addresses / federation.port)");
            }
            outbox = new Outbox(db);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("federation-timer"));
            sender = new TransactionSender(identity.name(), outbox, client, host, time,
                    Executors.newCachedThreadPool(named("federation-send")), timer);
            queuer = new EventQueuer(identity.name(), outbox, client, host, sender, time);
            timer.scheduleAtFixedRate(() -> forgetOldTransactions(txns), 1, 60, TimeUnit.MINUTES);
            sender.resumeAll();
            if (serverTls == null) {
                LOG.warn("Federation listening on {} port {} over plain HTTP (no federation.tls_certificate): "
                        + "for tests only, other servers connect with https", settings.bindAddresses(), settings.port());
            } else {
                LOG.info("Federation listening on {} port {} (TLS) as {}", settings.bindAddresses(), settings.port(),
                        identity.name());
            }
        } catch (ConfigException e) {
            LOG.error("Federation is off: {}", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Federation is off", e);
            throw e;
        }
    }

    @Deactivate
    void stop() {
        sender.close();
        wire.close();
        listener.close();
        host.close();
        LOG.info("Federation stopped");
    }

    @Override
    public JsonNode request(ServerName destination, String method, String path, Map<String, List<String>> query,
                            JsonNode body) throws RemoteException {
        return client.request(destination, method, path, query, body);
    }

    @Override
    public MediaContent media(ServerName server, String mediaId, Optional<ThumbnailSpec> thumbnail, long maxBytes)
            throws RemoteException {
        return client.media(server, mediaId, thumbnail, maxBytes);
    }

    @Override
    public boolean federatesWith(ServerName server) {
        return client.federatesWith(server);
    }

    @Override
    public void sendEdu(ServerName destination, String eduType, JsonNode content) {
        if (!client.federatesWith(destination)) {
            return;
        }
        ObjectNode edu = Json.object().put("edu_type", eduType);
        edu.set("content", content);
        outbox.queueEdu(destination, edu, time.millis());
        sender.wake(destination);
    }

    @Override
    public void accept(List<RoomEvent> batch) throws Exception {
        queuer.accept(batch);
    }

    /** A server sent a transaction: it is up (called while requests are served, so after construction). */
    private void heardFrom(ServerName origin) {
        TransactionSender running = sender;
        if (running != null) {
            running.heardFrom(origin);
        }
    }

    /** A server retries a transaction for minutes; a day of memory is plenty. */
    private void forgetOldTransactions(TxnStore txns) {
        try {
            txns.forgetBefore(time.millis() - 24 * 3600_000L);
        } catch (RuntimeException e) {
            LOG.warn("Could not forget old received transactions: {}", e.toString());
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public Optional<byte[]> publicKey(ServerName server, String keyId, long validAt) {
        return keys.publicKey(server, keyId, validAt);
    }
}
