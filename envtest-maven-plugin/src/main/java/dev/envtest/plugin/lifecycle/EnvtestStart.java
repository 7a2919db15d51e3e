package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.binaries.BinaryResolver;
import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.binaries.Platform;
import dev.envtest.plugin.cluster.ClusterChoice;
import dev.envtest.plugin.containers.ApiServerAddress;
import dev.envtest.plugin.containers.ContainersStage;
import dev.envtest.plugin.controlplane.BinaryFeatures;
import dev.envtest.plugin.controlplane.ControlPlane;
import dev.envtest.plugin.controlplane.ControlPlaneException;
import dev.envtest.plugin.controlplane.ControlPlaneSettings;
import dev.envtest.plugin.controlplane.LocalAddresses;
import dev.envtest.plugin.controlplane.PortReservations;
import dev.envtest.plugin.session.ProcessRecorder;
import dev.envtest.plugin.controlplane.ProcessSupervisor;
import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.identities.Identities;
import dev.envtest.plugin.identities.InClusterEndpoint;
import dev.envtest.plugin.identities.IdentityPlan;
import dev.envtest.plugin.identities.ProvisionedIdentities;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PhaseTimer;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import dev.envtest.plugin.session.StateDirectory;
import dev.envtest.plugin.session.CacheDirectory;
import dev.envtest.plugin.controlplane.WarmEtcd;
import dev.envtest.plugin.session.WorkDirectory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The start sequence ({@code cluster=existing} branches to {@link ExistingClusterStart}): reap what an earlier run left, read the engine's mode, choose where to listen,
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

    private dev.envtest.plugin.webhooks.WebhooksRequest webhooks = dev.envtest.plugin.webhooks.WebhooksRequest.none();

    /** Webhook servers (containers declared as such, and webhooks the tests serve); see {@link WebhookSequence}. */
    public EnvtestStart withWebhooks(dev.envtest.plugin.webhooks.WebhooksRequest request) {
        this.webhooks = request;
        return this;
    }

    private boolean hasContainers() {
        return containers != null && !containers.isEmpty();
    }

    public StartedEnvtest start(StartRequest request) {
        // the timeline's origin: the goal's first step (the Mojo's, where it says so), else this one
        PhaseTimer timer = PhaseTimer.from(request.goalStarted());
        // The PKI needs nothing but the request: for envtest's own control plane it is made in memory from the very first
        // moment, before the inputs are checked, so that it is ready by the time the binaries are (it is written once
        // the work directory is known good).
        CompletableFuture<ControlPlanePki.Unwritten> pkiMaterial = ownControlPlane(request) ? beginPki(request, timer) : null;
        timer.mark("start called");
        StartChecks.check(request);
        timer.mark("inputs checked");
        if (hasContainers()) {
            containers.requireServiceAccounts(request.identities().serviceAccounts().stream()
                    .map(sa -> new String[] {sa.namespace(), sa.name()}).toList());
        }
        ClusterChoice cluster = ClusterChoice.resolve(request.cluster(), request.env());
        if (cluster.existing()) {
            return new ExistingClusterStart(reporter, cleaners, containers, webhooks).start(request, cluster);
        }
        if (request.cluster() != null || request.env().containsKey(ClusterChoice.ENV)) {
            reporter.info("envtest's own control plane (" + cluster.reason() + ")");
        }
        Path work = request.workDirectory().toAbsolutePath().normalize();
        Path runs = StateDirectory.forUser(request.env(), request.home(), System.getProperty("os.name"));
        EnvtestStop stopper = new EnvtestStop(reporter, cleaners, runs);
        reapEarlierRun(stopper, work);
        timer.mark("earlier run looked for");
        SessionFile session = SessionFile.create(WorkDirectory.of(work).sessionFile(), stopper.mirrorOf(work), UUID.randomUUID().toString());
        session.mirrorProblem().ifPresent(problem -> reporter.warn("The run's record is kept only in " + work + " (" + problem
                + "): after mvn clean, the next start cannot find what this run leaves if it is killed."));
        ProcessRecorder recorder = session;
        ProcessSupervisor supervisor = null;
        if (request.stopOnExit()) {
            // the supervisor ends etcd and kube-apiserver if this JVM dies without a shutdown hook (SIGKILL, OOM killer)
            supervisor = ProcessSupervisor.startInBackground(work, WorkDirectory.of(work).log("supervisor"),
                    (handle, millis) -> {
                        // first in the record, whenever its fork is done: stop ends it after what it watches
                        session.startedFirst(ProcessSupervisor.NAME, handle);
                        timer.record("supervisor (background)", millis);
                    }, reporter::warn);
            recorder = supervisor.beside(session);
            ProcessSupervisor watching = supervisor;
            EnvtestStop inMemory = new EnvtestStop(Reporter.silent(), cleaners, runs);
            ShutdownReport.preload();
            ShutdownGuard.arm(work, () -> {
                Stopped stopped = inMemory.stopRecorded(session);
                watching.release();
                ShutdownReport.print(work, stopped);
            });
        }
        // written into target/envtest/pki as soon as it is made, now that the work directory is known good
        Path pkiDirectory = WorkDirectory.of(work).pki();
        CompletableFuture<ControlPlanePki> pkiFuture = (pkiMaterial != null ? pkiMaterial : beginPki(request, timer)).thenApply(made -> {
            ControlPlanePki written = made.writeTo(pkiDirectory);
            timer.mark("pki written");
            return written;
        });
        try {
            return startRecorded(request, work, runs, session, recorder, timer, pkiFuture);
        } catch (RuntimeException e) {
            // nothing may be written behind the cleanup's back: the PKI's files are done first
            Background.settle(pkiFuture);
            if (supervisor != null) {
                // waits until the supervisor runs and is recorded, so that the stop below finds and ends it
                supervisor.release();
                supervisor.awaitRunning();
            }
            stopper.stop(work);
            if (hasContainers()) {
                containers.abandon();
            }
            throw e;
        }
    }

    /** Whether this start runs envtest's own control plane, as far as the request tells before its checks. */
    private static boolean ownControlPlane(StartRequest request) {
        try {
            return !ClusterChoice.resolve(request.cluster(), request.env()).existing();
        } catch (RuntimeException e) {
            // reported where the choice is made
            return false;
        }
    }

    /**
     * The CA, serving certificate and keys, made in memory on a thread of their own. The serving certificate's names
     * never depend on what the engine answers (both engines' host names are always in it).
     */
    private static CompletableFuture<ControlPlanePki.Unwritten> beginPki(StartRequest request, PhaseTimer timer) {
        return Background.run("envtest-pki", () -> timer.time("pki", () -> {
            ControlPlanePki.Unwritten made = makePki(request.hostAccessChoice().servingNames(request.extraSans()));
            timer.mark("pki made");
            return made;
        }));
    }

    /** A record left in target/envtest or in the user's state directory (after a clean) names what to stop first. */
    private void reapEarlierRun(EnvtestStop stopper, Path work) {
        if (!stopper.hasRecord(work)) {
            return;
        }
        Stopped reaped = stopper.stop(work);
        if (reaped.isEmpty()) {
            reporter.info("An earlier run in " + work + " ended without envtest:stop; nothing of it was still running"
                    + " (its supervisor had stopped its processes); its record is removed");
        } else {
            reporter.warn("Reaped what an earlier run in " + work + " left running: " + reaped.describe());
        }
    }

    private StartedEnvtest startRecorded(StartRequest request, Path work, Path runs, SessionFile session, ProcessRecorder recorder,
            PhaseTimer timer, CompletableFuture<ControlPlanePki> pkiFuture) {
        timer.mark("run recorded");
        // CRD and manifest files read and ServiceAccounts checked before anything starts: bad input fails fast
        IdentityPlan identityPlan = timer.time("identities check", () -> IdentityPlan.prepare(request.identities(), reporter));
        timer.mark("identities checked");
        WebhookSequence webhookSequence = WebhookSequence.plan(webhooks, identityPlan);
        if (hasContainers()) {
            containers.expectLateFiles(webhookSequence.containerNames());
        }
        Platform platform = Platform.current();
        HostAccessChoice choice = request.hostAccessChoice();
        if (!choice.autoBindAddress()) {
            // a configured address is checked before anything starts; an auto one is known only once the engine answers
            LocalAddresses.requireLocal(LocalAddresses.parseLiteral(request.bindAddress(), "bindAddress"), "bindAddress");
        }
        // The engine's answer decides only where the API server listens: it is asked while the binaries are resolved and
        // etcd starts.
        CompletableFuture<Placed> placedFuture = Background.run("envtest-engine", () -> place(request, platform, session, work, timer));
        ControlPlaneBinaries binaries;
        try {
            binaries = timer.time("binaries", () -> resolveBinaries(request, platform));
            timer.mark("binaries resolved");
        } catch (RuntimeException e) {
            Background.settle(placedFuture);
            throw e;
        }
        // what the binaries say of themselves is kept between runs; when it is not yet, the versions (read only once the
        // API server is ready) are asked while it starts
        Background.run("envtest-versions", () -> versions(binaries));
        ControlPlaneSettings settings = new ControlPlaneSettings(binaries, work, request.apiServerPort(), request.etcdPort(),
                request.apiServerArgs(), request.etcdArgs(), request.startupTimeout(), session.sessionId(),
                new PortReservations(PortReservations.besideRuns(runs), reporter),
                new WarmEtcd(request.warmEtcd(), CacheDirectory.forUser(request.env(), request.home(), System.getProperty("os.name"))
                        .resolve("etcd-seeds")), !request.stopOnExit());
        ProcessRecorder timed = new ProcessRecorder() {
            @Override
            public void started(String name, ProcessHandle process) {
                timer.mark(name + " launched");
                recorder.started(name, process);
            }

            @Override
            public void stopped(String name) {
                recorder.stopped(name);
            }
        };
        RunningControlPlane controlPlane;
        try {
            controlPlane = timer.time("control plane", () -> ControlPlane.start(settings, () -> Background.join(pkiFuture),
                    () -> Background.join(placedFuture).placement(), timed, reporter));
        } catch (RuntimeException e) {
            // nothing may be created behind the cleanup's back: let the engine step finish before start's cleanup runs
            Background.settle(placedFuture);
            throw e;
        }
        // on a saved bootstrap the API server serves a second before its /readyz says so: the identities use that second
        timer.mark(controlPlane.etcdSeeded() ? "kube-apiserver serving" : "kube-apiserver ready");
        Placed placed = Background.join(placedFuture);
        EngineInfo engine = placed.engine();
        HostAccess access = placed.access();

        // each stage's outcome exports its own properties; the file is written after the control plane's, so a later
        // stage's failure still leaves them for diagnosis, and again at the end
        ExportedProperties properties = new ExportedProperties();
        timer.time("exports", () -> ControlPlaneExports.write(work, request.propertiesFile(), controlPlane, engine, access, binaries))
                .exportTo(properties);
        properties.writeTo(request.propertiesFile());
        IdentityPlan provisioned = webhookSequence.isEmpty() ? identityPlan
                : timer.time("webhook certificates", () -> webhookSequence.certificatesAndIdentityPlan(controlPlane.pki(), work));
        if (hasContainers()) {
            containers.throwIfStartedBesideFailed();
            webhookSequence.containerFiles().forEach(containers::addFiles);
            containers.createEarly(properties.asMap(), apiServerForContainers(controlPlane.containerUrl()));
        }
        ProvisionedIdentities identities = timer.time("identities",
                () -> new Identities(reporter).provision(provisioned, controlPlane, work));
        identities.exportTo(properties);
        exportWebhooks(webhookSequence, properties);
        if (hasContainers()) {
            ContainersStage.Started started = timer.time("containers",
                    () -> containers.start(ContainerCredentialsOf.identities(identities), properties::get));
            started.exportTo(properties);
            if (!webhookSequence.isEmpty()) {
                Map<String, Long> applied = timer.time("webhooks", () -> webhookSequence.afterContainers(started.containers(), controlPlane,
                        new Identities(reporter), request.startupTimeout(), reporter));
                applied.forEach((name, ms) -> reporter.info("  webhook server " + name + ": " + ms
                        + " ms from the containers' readiness to its configurations applied"));
                exportWebhooks(webhookSequence, properties);
            }
            timer.record("container images+network (background)", started.prepareMillis());
            reporter.info("Containers ready: " + started.containers().size() + " on network " + started.network() + "; images and network"
                    + " took " + started.prepareMillis() + " ms in the background (" + started.overlapMillis() + " ms of it overlapped"
                    + " the control plane and identities), containers " + started.startMillis() + " ms to ready");
        }
        awaitReady(controlPlane, timer);
        properties.writeTo(request.propertiesFile());
        reporter.info("Kubernetes " + properties.get("envtest.kubernetes.version") + ", "
                + BinaryFeatures.forCurrentUser().version(binaries.etcd().path()));
        reporter.info("envtest ready in " + timer.totalMillis() + " ms (" + timer.summary() + "; etcd "
                + controlPlane.etcdStartMillis() + " ms, kube-apiserver " + controlPlane.apiServerStartMillis() + " ms to /readyz)");
        reporter.info("  timeline: " + timer.timeline());
        reporter.info("  API server: " + controlPlane.hostUrl() + " (containers: " + controlPlane.containerUrl() + ")");
        reporter.info("  kubeconfig: " + properties.get("envtest.kubeconfig"));
        reporter.info("  logs:       " + WorkDirectory.of(work).logs());
        if (!request.stopOnExit()) {
            // this JVM exits right after start: a bootstrap being saved in the background is finished first
            controlPlane.awaitSeed();
        }
        return new StartedEnvtest(controlPlane, engine, access, properties, timer, session);
    }

    /**
     * The start ends (and the tests begin) only once the API server's /readyz answers 200. On a saved bootstrap the
     * steps before it ran while it served but its two bootstrap hooks still slept (see ControlPlane.SERVING): the
     * identities, and the containers with them, whose TokenReviews and SubjectAccessReviews find every bootstrap role
     * already stored.
     */
    private static void awaitReady(RunningControlPlane controlPlane, PhaseTimer timer) {
        if (controlPlane.etcdSeeded()) {
            timer.time("readyz", () -> {
                controlPlane.awaitReady();
                return null;
            });
            timer.mark("kube-apiserver ready");
        }
    }

    /** Where containers reach the API server, as the identities' in-cluster bundle will say. */
    static ApiServerAddress apiServerForContainers(String containerUrl) {
        InClusterEndpoint endpoint = InClusterEndpoint.fromContainerUrl(containerUrl);
        return new ApiServerAddress(endpoint.host(), Integer.toString(endpoint.port()));
    }

    private static void exportWebhooks(WebhookSequence sequence, ExportedProperties properties) {
        sequence.servers().properties().forEach((k, v) -> {
            if (dev.envtest.plugin.webhooks.WebhookServers.secret(k)) {
                properties.putSecret(k, v);
            } else {
                properties.put(k, v);
            }
        });
    }

    /** The engine's answer, and what follows from it: where the API server listens, the containers' background work. */
    private record Placed(EngineInfo engine, HostAccess access, InetAddress bind) {
        ControlPlane.Placement placement() {
            return new ControlPlane.Placement(bind, access.containerHost());
        }
    }

    private Placed place(StartRequest request, Platform platform, SessionFile session, Path work, PhaseTimer timer) {
        HostAccessChoice choice = request.hostAccessChoice();
        boolean needEngine = choice.needsEngine() || hasContainers();
        EngineInfo engine = timer.time("engine", () -> needEngine
                ? EngineQuestion.ask(request.dockerHost(), request.env(), platform, hasContainers(), reporter) : EngineInfo.none());
        timer.mark("engine answered");
        HostAccess access = choice.choose(engine.mode());
        InetAddress bind = LocalAddresses.parseLiteral(access.bindAddress(), "bindAddress");
        LocalAddresses.requireLocal(bind, "bindAddress");
        if (hasContainers() && bind.isLoopbackAddress() && !HostAccessPolicy.containersReachLoopback(engine.mode())) {
            throw new IllegalArgumentException("bindAddress " + access.bindAddress() + " is loopback, but the containers of "
                    + engine.mode().description() + " cannot reach this machine's loopback, so the configured containers could"
                    + " never connect to the API server. Fix: leave bindAddress at auto (here it is "
                    + HostAccessPolicy.choose(engine.mode()).bindAddress() + "), or set an address the containers reach.");
        }
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

    private ControlPlaneBinaries resolveBinaries(StartRequest request, Platform platform) {
        ControlPlaneBinaries binaries = BinaryResolver.forThisMachine(request.kubernetesVersion(), request.binaryDirectory(),
                request.binarySources(), request.env(), request.home(), reporter).resolve();
        reporter.info("Binaries: etcd " + binaries.etcd().path() + " (" + binaries.etcd().source() + "), kube-apiserver "
                + binaries.kubeApiServer().path() + " (" + binaries.kubeApiServer().source() + ")");
        return binaries;
    }

    private static String versions(ControlPlaneBinaries binaries) {
        BinaryFeatures features = BinaryFeatures.forCurrentUser();
        return features.version(binaries.kubeApiServer().path()) + ", " + features.version(binaries.etcd().path());
    }

    private static ControlPlanePki.Unwritten makePki(List<String> sans) {
        try {
            return ControlPlanePki.make(sans, Duration.ofDays(7));
        } catch (IllegalArgumentException e) {
            throw new ControlPlaneException("extraSans/containerHost: " + e.getMessage()
                    + ". Fix: give DNS names (host.example) or IP addresses (10.0.0.1, ::1).", e);
        }
    }
}
