package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.binaries.BinaryResolver;
import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.binaries.EnvtestStore;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.binaries.Platform;
import dev.envtest.plugin.containers.ContainerCredentials;
import dev.envtest.plugin.containers.ContainersStage;
import dev.envtest.plugin.containers.CredentialsSource;
import dev.envtest.plugin.controlplane.BinaryFeatures;
import dev.envtest.plugin.controlplane.ControlPlane;
import dev.envtest.plugin.controlplane.ControlPlaneException;
import dev.envtest.plugin.controlplane.ControlPlaneSettings;
import dev.envtest.plugin.controlplane.LocalAddresses;
import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineDiscovery;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.engine.PodmanCli;
import dev.envtest.plugin.identities.Identities;
import dev.envtest.plugin.identities.IdentityPlan;
import dev.envtest.plugin.identities.Kubeconfig;
import dev.envtest.plugin.identities.ProvisionedIdentities;
import dev.envtest.plugin.identities.ServiceAccountCredentials;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PhaseTimer;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The start sequence: reap what an earlier run left, read the engine's mode, choose where to listen,
 * resolve binaries, make the PKI, start the control plane, write kubeconfigs and properties. Any failure
 * stops what was started before it propagates.
 */
public final class EnvtestStart {

    private final Reporter reporter;
    private final List<ResourceCleaner> cleaners;

    public EnvtestStart(Reporter reporter, List<ResourceCleaner> cleaners) {
        this.reporter = reporter;
        this.cleaners = cleaners;
    }

    private ContainersStage containers;

    /**
     * Containers to run once the identities are ready; their network and images are prepared in the background while
     * the control plane starts. Pass {@code ContainerCleaner} among the cleaners so a failed start removes them.
     */
    public EnvtestStart withContainers(ContainersStage stage) {
        this.containers = stage;
        return this;
    }

    private boolean hasContainers() {
        return containers != null && !containers.isEmpty();
    }

    public StartedEnvtest start(StartRequest request) {
        Path work = request.workDirectory().toAbsolutePath().normalize();
        EnvtestStop stopper = new EnvtestStop(reporter, cleaners);
        if (SessionFile.load(work.resolve("session.json")).isPresent()) {
            int reaped = stopper.stop(work);
            if (reaped > 0) {
                reporter.warn("Stopped " + reaped + " process(es) or container(s) that an earlier run left in " + work);
            }
        }
        PhaseTimer timer = new PhaseTimer();
        SessionFile session = SessionFile.create(work.resolve("session.json"), UUID.randomUUID().toString());
        if (request.stopOnExit()) {
            EnvtestStop inMemory = new EnvtestStop(Reporter.silent(), cleaners);
            ShutdownGuard.arm(work, () -> inMemory.stopRecorded(session));
        }
        try {
            return startRecorded(request, work, session, timer);
        } catch (RuntimeException e) {
            stopper.stop(work);
            throw e;
        }
    }

    private StartedEnvtest startRecorded(StartRequest request, Path work, SessionFile session, PhaseTimer timer) {
        // CRD and manifest files read and ServiceAccounts checked before anything starts: bad input fails fast
        IdentityPlan identityPlan = timer.time("identities check", () -> IdentityPlan.prepare(request.identities(), reporter::warn));
        Platform platform = Platform.current();
        if (!isAuto(request.bindAddress())) {
            // a configured address is checked before anything starts; an auto one is known only once the engine answers
            LocalAddresses.requireLocal(LocalAddresses.parseLiteral(request.bindAddress(), "bindAddress"), "bindAddress");
        }
        // The serving certificate's names never depend on what the engine answers (both engines' host names are
        // always in it), so the PKI — RSA key generation is the slow part — is made while the engine is asked.
        List<String> sans = servingNames(request);
        Path pkiDirectory = work.resolve("pki");
        CompletableFuture<ControlPlanePki> pkiFuture = CompletableFuture.supplyAsync(() -> timer.time("pki",
                () -> generatePki(pkiDirectory, sans)), runnable -> daemon("envtest-pki", runnable).start());
        ControlPlaneBinaries binaries = timer.time("binaries", () -> resolveBinaries(request, platform));
        // The engine's answer decides only where the API server listens: etcd starts while it is asked.
        CompletableFuture<Placed> placedFuture = CompletableFuture.supplyAsync(() -> place(request, platform, session, work, timer),
                runnable -> daemon("envtest-engine", runnable).start());
        ControlPlaneSettings settings = new ControlPlaneSettings(binaries, work, request.apiServerPort(), request.etcdPort(),
                request.apiServerArgs(), request.etcdArgs(), request.startupTimeout(), session.sessionId());
        RunningControlPlane controlPlane;
        try {
            controlPlane = timer.time("control plane", () -> ControlPlane.start(settings, () -> join(pkiFuture),
                    () -> join(placedFuture).placement(), session, reporter::info));
        } catch (RuntimeException e) {
            // nothing may be created behind the cleanup's back: let the engine step finish before start's cleanup runs
            placedFuture.handle((placed, error) -> null).join();
            throw e;
        }
        Placed placed = join(placedFuture);
        EngineInfo engine = placed.engine();
        HostAccess access = placed.access();

        ExportedProperties properties = timer.time("exports", () -> export(request, work, controlPlane, engine, access, binaries));
        ProvisionedIdentities identities = timer.time("identities",
                () -> new Identities(reporter).provision(identityPlan, controlPlane, work).exportTo(properties));
        if (hasContainers()) {
            ContainersStage.Started started = timer.time("containers", () -> containers.start(containerCredentials(identities), properties::get));
            started.properties().forEach(properties::put);
            timer.record("container images+network (background)", started.prepareMillis());
            reporter.info("Containers ready: " + started.containers().size() + " on network " + started.network() + "; images and network"
                    + " took " + started.prepareMillis() + " ms in the background (" + started.overlapMillis() + " ms of it overlapped"
                    + " the control plane and identities), containers " + started.startMillis() + " ms to ready");
        }
        properties.writeTo(request.propertiesFile());
        reporter.info("Kubernetes " + properties.get("envtest.kubernetes.version") + ", "
                + BinaryFeatures.version(binaries.etcd().path()));
        reporter.info("envtest ready in " + timer.totalMillis() + " ms (" + timer.summary() + "; etcd "
                + controlPlane.etcdStartMillis() + " ms, kube-apiserver " + controlPlane.apiServerStartMillis() + " ms to /readyz)");
        reporter.info("  API server: " + controlPlane.hostUrl() + " (containers: " + controlPlane.containerUrl() + ")");
        reporter.info("  kubeconfig: " + properties.get("envtest.kubeconfig"));
        reporter.info("  logs:       " + work.resolve("logs"));
        return new StartedEnvtest(controlPlane, engine, access, properties, timer, session);
    }

    /** The engine's answer, and what follows from it: where the API server listens, the containers' background work. */
    private record Placed(EngineInfo engine, HostAccess access, InetAddress bind) {
        ControlPlane.Placement placement() {
            return new ControlPlane.Placement(bind, access.containerHost());
        }
    }

    private Placed place(StartRequest request, Platform platform, SessionFile session, Path work, PhaseTimer timer) {
        boolean needEngine = isAuto(request.bindAddress()) || isAuto(request.containerHost()) || hasContainers();
        EngineInfo engine = timer.time("engine", () -> needEngine ? discoverEngine(request, platform) : EngineInfo.none());
        HostAccess access = hostAccess(request, engine);
        InetAddress bind = LocalAddresses.parseLiteral(access.bindAddress(), "bindAddress");
        LocalAddresses.requireLocal(bind, "bindAddress");
        reporter.info("Container engine: " + engine + "; API server binds " + access.bindAddress()
                + ", containers dial " + access.containerHost() + " (" + access.reason() + ")");
        if (hasContainers()) {
            // network and images (pull/build) in the background, overlapping the control plane and identities
            timer.time("containers prepare", () -> {
                containers.prepare(new ContainersStage.Context(engine, access, session, work, reporter));
                return null;
            });
        }
        return new Placed(engine, access, bind);
    }

    /** The provisioned ServiceAccounts as the plain files and values the containers step takes. */
    private static CredentialsSource containerCredentials(ProvisionedIdentities identities) {
        List<ContainerCredentials> list = new ArrayList<>();
        for (ServiceAccountCredentials c : identities.serviceAccounts()) {
            list.add(new ContainerCredentials(c.spec().namespace(), c.spec().name(), c.tokenFile(),
                    c.inClusterDirectory().resolve("ca.crt"), c.containerKubeconfig(), identities.endpoint().host(),
                    Integer.toString(identities.endpoint().port())));
        }
        return CredentialsSource.of(list);
    }

    private static boolean isAuto(String value) {
        return value == null || value.isBlank() || value.trim().equalsIgnoreCase(StartRequest.AUTO);
    }

    private EngineInfo discoverEngine(StartRequest request, Platform platform) {
        EngineDiscovery discovery = new EngineDiscovery(request.dockerHost(), request.env(), platform.os(),
                EngineClient.factory(), PodmanCli.onPath(), reporter::debug);
        EngineDiscovery.Result result = discovery.discover();
        if (!result.engine().available() && hasContainers()) {
            throw new IllegalStateException("containers are configured but no container engine answered. " + result.explainNone());
        }
        if (!result.engine().available()) {
            reporter.warn(result.explainNone().replace("\n", "\n  ")
                    + "\nContinuing: the API server listens on loopback for host-side clients.");
        }
        return result.engine();
    }

    private HostAccess hostAccess(StartRequest request, EngineInfo engine) {
        HostAccess auto = HostAccessPolicy.choose(engine.mode());
        String bind = isAuto(request.bindAddress()) ? auto.bindAddress() : request.bindAddress().trim();
        String host = isAuto(request.containerHost()) ? auto.containerHost() : request.containerHost().trim();
        Optional<String> addHost = isAuto(request.containerHost()) ? auto.addHost() : Optional.empty();
        String reason = isAuto(request.bindAddress()) && isAuto(request.containerHost()) ? auto.reason()
                : "configured" + (isAuto(request.bindAddress()) ? "; bind address: " + auto.reason() : "");
        return new HostAccess(bind, host, addHost, reason);
    }

    private ControlPlaneBinaries resolveBinaries(StartRequest request, Platform platform) {
        ControlPlaneBinaries binaries = BinaryResolver.forThisMachine(request.kubernetesVersion(), request.binaryDirectory(),
                request.binarySources(), request.env(), request.home(), reporter::info, reporter::debug).resolve();
        reporter.info("Binaries: etcd " + binaries.etcd().path() + " (" + binaries.etcd().source() + "), kube-apiserver "
                + binaries.kubeApiServer().path() + " (" + binaries.kubeApiServer().source() + ")");
        return binaries;
    }

    /** extraSans, plus containerHost and bindAddress when they are configured (auto ones are in every certificate). */
    static List<String> servingNames(StartRequest request) {
        List<String> sans = new ArrayList<>(request.extraSans());
        if (!isAuto(request.containerHost())) {
            sans.add(request.containerHost().trim());
        }
        if (!isAuto(request.bindAddress())) {
            String bind = request.bindAddress().trim().replaceAll("^\\[|\\]$", "");
            if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
                sans.add(bind);
            }
        }
        return sans;
    }

    private static Thread daemon(String name, Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private ControlPlanePki generatePki(Path pkiDirectory, List<String> sans) {
        try {
            return ControlPlanePki.generate(pkiDirectory, sans, Duration.ofDays(7));
        } catch (IllegalArgumentException e) {
            throw new ControlPlaneException("extraSans/containerHost: " + e.getMessage()
                    + ". Fix: give DNS names (host.example) or IP addresses (10.0.0.1, ::1).", e);
        }
    }

    private ExportedProperties export(StartRequest request, Path work, RunningControlPlane cp, EngineInfo engine,
            HostAccess access, ControlPlaneBinaries binaries) {
        ControlPlanePki pki = cp.pki();
        Path hostKubeconfig = Kubeconfig.withClientCertificate(cp.hostUrl(), pki.caPem(), ControlPlanePki.ADMIN_USER,
                pki.admin().certificatePem(), pki.admin().privateKeyPem()).writeTo(work.resolve("kubeconfig"));
        Path containerKubeconfig = Kubeconfig.withClientCertificate(cp.containerUrl(), pki.caPem(), ControlPlanePki.ADMIN_USER,
                pki.admin().certificatePem(), pki.admin().privateKeyPem()).writeTo(work.resolve("container-kubeconfig"));
        ExportedProperties properties = new ExportedProperties()
                .put("envtest.url", cp.hostUrl())
                .put("envtest.container.url", cp.containerUrl())
                .put("envtest.kubeconfig", hostKubeconfig.toString())
                .put("envtest.container.kubeconfig", containerKubeconfig.toString())
                .put("envtest.ca", pki.caCertificateFile().toString())
                .put("envtest.admin.certificate", pki.adminCertificateFile().toString())
                .put("envtest.admin.key", pki.adminKeyFile().toString())
                .put("envtest.port", Integer.toString(cp.port()))
                .put("envtest.bindAddress", access.bindAddress())
                .put("envtest.container.host", access.containerHost())
                .put("envtest.container.addHost", access.addHost().orElse(""))
                .put("envtest.etcd.url", cp.etcdUrl())
                .put("envtest.kubernetes.version", BinaryFeatures.version(binaries.kubeApiServer().path()).replaceFirst("^Kubernetes v?", ""))
                .put("envtest.binaries", binaries.directory().toString())
                .put("envtest.binaries.source", binaries.kubeApiServer().source())
                .put("envtest.engine", engine.mode().name())
                .put("envtest.engine.host", engine.dockerHost() == null ? "" : engine.dockerHost())
                .put("envtest.workDirectory", work.toString())
                .put("envtest.logs", work.resolve("logs").toString());
        properties.put("envtest.properties", request.propertiesFile().toAbsolutePath().toString());
        properties.writeTo(request.propertiesFile());
        return properties;
    }
}
