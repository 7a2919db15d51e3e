package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.binaries.Platform;
import dev.envtest.plugin.cluster.ClusterChoice;
import dev.envtest.plugin.cluster.ClusterException;
import dev.envtest.plugin.cluster.ClusterObjectCleaner;
import dev.envtest.plugin.cluster.ClusterPreflight;
import dev.envtest.plugin.cluster.ContainerApiServer;
import dev.envtest.plugin.cluster.ExistingCluster;
import dev.envtest.plugin.cluster.KubeconfigLocation;
import dev.envtest.plugin.cluster.UserKubeconfig;
import dev.envtest.plugin.containers.ContainersStage;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.identities.Identities;
import dev.envtest.plugin.identities.IdentityPlan;
import dev.envtest.plugin.identities.ObjectOwnership;
import dev.envtest.plugin.identities.ProvisionedIdentities;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PhaseTimer;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import dev.envtest.plugin.session.StateDirectory;
import dev.envtest.plugin.session.WorkDirectory;
import dev.envtest.plugin.webhooks.WebhooksRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The start sequence for {@code cluster=existing}: no control plane, no binaries, no PKI. Everything that can fail is
 * checked before anything is created, here or in the cluster: the kubeconfig and context, the cluster's answer, TLS and
 * credentials ({@link ClusterPreflight}), and — when containers are declared — the engine and the URL they dial
 * ({@link ContainerApiServer}). Then the identities stage provisions in the cluster, labelling and recording what it
 * creates (so {@code stop} deletes exactly that), and the containers start. A failure undoes what was created.
 */
final class ExistingClusterStart {

    private final Reporter reporter;
    private final List<ResourceCleaner> cleaners;
    private final ContainersStage containers;
    private final WebhooksRequest webhooks;

    ExistingClusterStart(Reporter reporter, List<ResourceCleaner> cleaners, ContainersStage containers, WebhooksRequest webhooks) {
        this.reporter = reporter;
        this.cleaners = cleaners;
        this.containers = containers;
        this.webhooks = webhooks;
    }

    private boolean hasContainers() {
        return containers != null && !containers.isEmpty();
    }

    StartedEnvtest start(StartRequest request, ClusterChoice choice) {
        PhaseTimer timer = PhaseTimer.from(request.goalStarted());
        if (!webhooks.isEmpty()) {
            throw new ClusterException("cluster=existing does not serve webhooks: their serving certificates are signed by the"
                    + " envtest CA, which an existing cluster does not know. Fix: remove the webhook containers and hostWebhooks,"
                    + " or use -Denvtest.cluster=envtest.");
        }
        Path work = request.workDirectory().toAbsolutePath().normalize();
        IdentityPlan plan = timer.time("identities check", () -> IdentityPlan.prepare(request.identities(), reporter));
        KubeconfigLocation location = KubeconfigLocation.resolve(request.existingKubeconfig(), request.env(), request.home());
        WorkDirectory dir = WorkDirectory.of(work);
        if (location.path().equals(dir.adminKubeconfig()) || location.path().equals(dir.containerAdminKubeconfig())) {
            // this run writes its own copy there: reading and then overwriting the user's file is what must never happen
            throw new ClusterException("cluster=existing: the kubeconfig " + location.path() + " is where this run writes its own"
                    + " admin kubeconfig. Fix: point existingKubeconfig at the other execution's file (its own workDirectory), or"
                    + " give this execution another workDirectory.");
        }
        UserKubeconfig kubeconfig = UserKubeconfig.read(location, request.existingContext());
        reporter.info("Existing cluster (" + choice.reason() + "): context \"" + kubeconfig.context() + "\" of " + location
                + ", server " + kubeconfig.server() + "; no control plane is started");
        boolean writesCredentials = hasContainers() || !plan.serviceAccounts().isEmpty();
        if (hasContainers() && kubeconfig.insecureSkipTlsVerify()) {
            throw new ClusterException("cluster=existing: cluster \"" + kubeconfig.clusterName() + "\" of " + location.path()
                    + " sets insecure-skip-tls-verify, but containers get credentials only with TLS verified. Fix: replace it with"
                    + " the cluster's CA as certificate-authority-data, or use -Denvtest.cluster=envtest.");
        }
        if (writesCredentials && kubeconfig.caPem().isEmpty()) {
            throw new ClusterException("cluster=existing: cluster \"" + kubeconfig.clusterName() + "\" of " + location.path()
                    + " names no certificate-authority, and the ServiceAccounts' kubeconfigs and in-cluster bundles must carry"
                    + " the CA that verifies the API server. Fix: add the cluster's CA as certificate-authority-data.");
        }
        String version = timer.time("cluster preflight",
                () -> ClusterPreflight.check(kubeconfig));
        EngineInfo engine = EngineInfo.none();
        HostAccess access = request.hostAccessChoice().choose(EngineMode.NONE);
        if (hasContainers()) {
            engine = timer.time("engine", () -> EngineQuestion.ask(request.dockerHost(), request.env(), Platform.current(), true, reporter));
            access = request.hostAccessChoice().choose(engine.mode());
        }
        ContainerApiServer.Resolved container = hasContainers() || request.containerApiServerUrl().isPresent()
                ? ContainerApiServer.resolve(kubeconfig.server(), request.containerApiServerUrl(), access, engine.mode(), kubeconfig.caPem())
                : new ContainerApiServer.Resolved(kubeconfig.server(), Optional.empty(), java.net.URI.create(kubeconfig.server()).getHost(),
                        "no containers declared: the kubeconfig's server as it is");
        reporter.info("  Kubernetes " + version + "; containers dial " + container.url() + " (" + container.reason() + ")");

        Path runs = StateDirectory.forUser(request.env(), request.home(), System.getProperty("os.name"));
        EnvtestStop stopper = new EnvtestStop(reporter, cleaners, runs);
        if (stopper.hasRecord(work)) {
            Stopped reaped = stopper.stop(work);
            if (!reaped.isEmpty()) {
                reporter.warn("Reaped what an earlier run in " + work + " left: " + reaped.describe());
            }
        }
        SessionFile session = SessionFile.create(WorkDirectory.of(work).sessionFile(), stopper.mirrorOf(work), UUID.randomUUID().toString());
        session.mirrorProblem().ifPresent(problem -> reporter.warn("The run's record is kept only in " + work + " (" + problem
                + "): after mvn clean, the next start cannot delete what this run leaves in the cluster if it is killed."));
        ClusterObjectCleaner.recordCluster(session, kubeconfig);
        for (ResourceCleaner c : cleaners) {
            if (c instanceof ClusterObjectCleaner objects) {
                objects.preload(kubeconfig, reporter);
            }
        }
        if (request.stopOnExit()) {
            EnvtestStop inMemory = new EnvtestStop(Reporter.silent(), cleaners, runs);
            ShutdownReport.preload();
            ShutdownGuard.arm(work, () -> ShutdownReport.print(work, inMemory.stopRecorded(session)));
        }
        try {
            return startRecorded(request, work, session, timer, plan, kubeconfig, container, engine, access, version);
        } catch (RuntimeException e) {
            stopper.stop(work);
            if (hasContainers()) {
                containers.abandon();
            }
            throw e;
        }
    }

    private StartedEnvtest startRecorded(StartRequest request, Path work, SessionFile session, PhaseTimer timer, IdentityPlan plan,
            UserKubeconfig kubeconfig, ContainerApiServer.Resolved container, EngineInfo engine, HostAccess access, String version) {
        HostAccess forContainers = new HostAccess("", container.containerHost(), container.addHost(), container.reason());
        if (hasContainers()) {
            timer.time("containers prepare", () -> {
                containers.prepare(new ContainersStage.Context(engine, forContainers, session, work, reporter));
                return null;
            });
        }
        ExistingCluster cluster = new ExistingCluster(kubeconfig, container.url(),
                ObjectOwnership.labelling(session.sessionId(), session::createdObject));
        ExportedProperties properties = new ExportedProperties();
        ExistingClusterExports.write(work, request.propertiesFile(), kubeconfig, container, engine, version).exportTo(properties);
        properties.writeTo(request.propertiesFile());
        if (hasContainers()) {
            containers.throwIfStartedBesideFailed();
            containers.createEarly(properties.asMap(), EnvtestStart.apiServerForContainers(container.url()));
        }
        ProvisionedIdentities identities = timer.time("identities", () -> new Identities(reporter).provision(plan, cluster, work));
        identities.exportTo(properties);
        if (hasContainers()) {
            ContainersStage.Started started = timer.time("containers",
                    () -> containers.start(ContainerCredentialsOf.identities(identities), properties::get));
            started.exportTo(properties);
            reporter.info("Containers ready: " + started.containers().size() + " on network " + started.network() + " in "
                    + started.startMillis() + " ms");
        }
        properties.writeTo(request.propertiesFile());
        long created = session.resources().stream().filter(r -> SessionFile.OBJECT.equals(r.kind)).count();
        reporter.info("Existing cluster ready in " + timer.totalMillis() + " ms (" + timer.summary() + "); " + created
                + " object(s) created and labelled " + ObjectOwnership.LABEL + "=" + session.sessionId() + ", deleted by envtest:stop");
        reporter.info("  API server: " + kubeconfig.server() + " (containers: " + container.url() + ")");
        reporter.info("  kubeconfig: " + properties.get("envtest.kubeconfig") + " (context \"" + kubeconfig.context() + "\" only)");
        return new StartedEnvtest(null, engine, access, properties, timer, session);
    }
}
