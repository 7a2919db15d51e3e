package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.DockerException;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.registry.RegistryCredentials;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PropertyExport;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The containers step of {@code start}, in two halves so that the slow, independent half overlaps the control
 * plane's start:
 * <ol>
 *   <li>{@link #prepare}: right after the engine is known, in the background: the per-run network, and every image
 *       pulled or built;</li>
 *   <li>right after, each container that needs nothing the start makes (no ServiceAccount, no placeholder, no file from
 *       the work directory, not a webhook server) is started and waited on as soon as its image is there, beside the
 *       control plane;</li>
 *   <li>{@link #createEarly}: once the API server serves, in the background while the identities are provisioned:
 *       every container whose env, command and args need nothing a later stage exports is created and gets its own
 *       files (the engine's slowest part of a launch, about 0.3-0.5 s a container with Podman);</li>
 *   <li>{@link #start}: once the identities are ready: every container in {@code dependsOn} order (independent ones in
 *       parallel) is created if it was not yet, gets its ServiceAccount's files, is started and waited on until
 *       ready.</li>
 * </ol>
 * Everything created is recorded in the session file the moment it exists and labelled with the session and the
 * work directory; on any failure the caller's stop (with {@link ContainerCleaner}) removes it. The engine
 * connection is closed when {@link #start} returns or {@link #abandon} is called.
 */
public final class ContainersStage {

    private final ContainerPlan plan;
    private final ContainerCleaner cleaner;
    private RegistryCredentials registries = RegistryCredentials.none();
    private final Function<EngineInfo, ContainerEngine> engines;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private Context context;
    private volatile ContainerEngine engine;
    private ExecutorService pool;
    private CompletableFuture<Prepared> prepared;
    private final Map<String, CompletableFuture<ContainerLauncher.Created>> early = new ConcurrentHashMap<>();
    private volatile ApiServerAddress apiServer;
    private ContainerLauncher launcher;
    private Map<String, String> volumes;
    private String network;
    private volatile String networkId;
    private final AtomicBoolean bridgePinTried = new AtomicBoolean();
    private final BridgeAddressPin bridgePin;
    private volatile long prepareStart;
    private volatile long prepareEnd;

    /** Where and for whom containers run. */
    public record Context(EngineInfo engine, HostAccess hostAccess, SessionFile session, Path workDirectory, Reporter reporter) {
    }

    /**
     * The outcome of {@link #start}: the network, the ready containers, their properties, and the timings.
     *
     * @param startCalledNanos when {@link #start} was called: background preparation before it overlapped other work
     * @param startMillis      from the end of preparation (or the call, if later) to every container ready
     */
    public record Started(String network, List<RunningContainer> containers, Map<String, String> properties,
            long prepareStartNanos, long prepareEndNanos, long startCalledNanos, long startMillis) implements PropertyExport {

        /** {@code envtest.containers.network} and, per container, {@code envtest.containers.<name>.*}. */
        @Override
        public void exportTo(ExportedProperties exported) {
            properties.forEach(exported::put);
        }

        public long prepareMillis() {
            return (prepareEndNanos - prepareStartNanos) / 1_000_000;
        }

        /** How much of the preparation ran while the caller did other work (control plane, identities). */
        public long overlapMillis() {
            return Math.max(0, (Math.min(prepareEndNanos, startCalledNanos) - prepareStartNanos) / 1_000_000);
        }
    }

    private record Prepared(String networkId, Map<String, String> imageIds) {
    }

    public ContainersStage(ContainerPlan plan, ContainerCleaner cleaner) {
        this(plan, cleaner, DockerApiEngine::new);
    }

    /** With another engine behind {@link ContainerEngine} (tests: a fake one). */
    ContainersStage(ContainerPlan plan, ContainerCleaner cleaner, Function<EngineInfo, ContainerEngine> engines) {
        this(plan, cleaner, engines, BridgeAddressPin.onThisHost());
    }

    /** With another engine and another host's interfaces (tests). */
    ContainersStage(ContainerPlan plan, ContainerCleaner cleaner, Function<EngineInfo, ContainerEngine> engines, BridgeAddressPin bridgePin) {
        this.plan = plan;
        this.cleaner = cleaner;
        this.engines = engines;
        this.bridgePin = bridgePin;
    }

    /** Where pulls find registry credentials (settings.xml servers, auth files); by default nowhere. */
    public ContainersStage withRegistryCredentials(RegistryCredentials credentials) {
        this.registries = credentials;
        return this;
    }

    public boolean isEmpty() {
        return plan.isEmpty();
    }

    private final Map<String, List<FileCopy>> lateFiles = new ConcurrentHashMap<>();

    /**
     * More files for a container that exist only once the control plane's PKI does (a webhook server's serving
     * certificate): copied in with its own files. Call before {@link #start}.
     */
    public void addFiles(String container, List<FileCopy> files) {
        lateFiles.merge(container, List.copyOf(files), (a, b) -> {
            List<FileCopy> all = new ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        });
    }

    private ContainerSpec withLateFiles(ContainerSpec spec) {
        List<FileCopy> extra = lateFiles.get(spec.name());
        if (extra == null) {
            return spec;
        }
        List<FileCopy> all = new ArrayList<>(spec.files());
        all.addAll(extra);
        return spec.withFiles(all);
    }

    /**
     * Before anything starts: every container's {@code serviceAccount} names one of {@code declared} (namespace and name
     * of the ServiceAccounts the build will provision), else the error names the container, the known ones and the fix.
     */
    public void requireServiceAccounts(List<String[]> declared) {
        List<ContainerCredentials> names = new java.util.ArrayList<>();
        for (String[] d : declared) {
            names.add(new ContainerCredentials(d[0], d[1], null, null, null, null, null));
        }
        CredentialsSource source = CredentialsSource.of(names);
        for (ContainerSpec spec : plan.containers()) {
            spec.serviceAccount().ifPresent(ref -> source.resolve(ref.reference(), spec.name()));
        }
    }

    /** Starts creating the network and pulling/building images in the background, and returns at once. */
    public void prepare(Context ctx) {
        if (plan.isEmpty()) {
            return;
        }
        if (!ctx.engine().available()) {
            // the one check for containers without an engine: the engine question only logs what it tried
            throw new ContainerException("containers are configured, but no container engine answered. Fix: start the"
                    + " Podman API service (see the log above for what was tried), or set -Denvtest.dockerHost.");
        }
        this.context = ctx;
        Path work = ctx.workDirectory().toAbsolutePath().normalize();
        String dockerHost = ctx.engine().dockerHost();
        ctx.session().created(ContainerCleaner.ENGINE, dockerHost, ctx.engine().product() + " " + ctx.engine().version());
        pool = Executors.newFixedThreadPool(Math.max(3, plan.containers().size() + 1), daemonThreads());
        network = "envtest-" + shortId(ctx.session().sessionId());
        prepareStart = System.nanoTime();

        // Everything from here on runs in the background. The engine connection first; then the network, after the
        // cleaner removed what a killed earlier run left with this work directory's label (and loaded the classes
        // the shutdown hook needs); the images in parallel with it.
        CompletableFuture<ContainerEngine> connected = CompletableFuture.supplyAsync(() -> {
            engine = engines.apply(ctx.engine());
            if (aborted.get()) {
                // abandoned while connecting: nothing else will close it
                closeEngine();
            }
            return engine;
        }, pool);
        CompletableFuture<String> networkId = connected.thenApplyAsync(e -> {
            cleaner.preload(dockerHost, work, ctx.reporter());
            return createNetwork(work);
        }, pool);
        Map<String, CompletableFuture<String>> byImage = new LinkedHashMap<>();
        Map<String, CompletableFuture<String>> images = new LinkedHashMap<>();
        for (ContainerSpec spec : plan.containers()) {
            String key = ImageResolver.key(spec, work);
            CompletableFuture<String> image = byImage.computeIfAbsent(key,
                    k -> connected.thenApplyAsync(e -> new ImageResolver(e, work, ctx.reporter(), registries, ctx.engine()).resolve(spec), pool));
            images.put(spec.name(), image);
        }
        List<CompletableFuture<?>> all = new ArrayList<>(images.values());
        all.add(networkId);
        prepared = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            prepareEnd = System.nanoTime();
            if (e != null) {
                throw e instanceof CompletionException ce ? ce : new CompletionException(e);
            }
            Map<String, String> ids = new LinkedHashMap<>();
            images.forEach((name, f) -> ids.put(name, f.join()));
            return new Prepared(networkId.join(), ids);
        });
        // what creates engine resources in the background: stop waits for it so nothing is created behind its back
        cleaner.track(networkId);
        startIndependent(work);
    }

    /**
     * Containers that will get files only later (webhook servers: their serving certificates exist once the PKI
     * does): never started before {@link #start}. Call before {@link #prepare}.
     */
    public void expectLateFiles(java.util.Set<String> containers) {
        this.lateFileContainers = java.util.Set.copyOf(containers);
    }

    private java.util.Set<String> lateFileContainers = java.util.Set.of();
    private final Map<String, CompletableFuture<RunningContainer>> independent = new ConcurrentHashMap<>();

    /**
     * Whether a container needs nothing the start makes: no ServiceAccount, no placeholder (an exported property), no
     * file from the work directory, no files to come, and only such containers in its {@code dependsOn}.
     */
    private boolean independent(ContainerSpec spec, Path work) {
        return spec.serviceAccount().isEmpty() && !lateFileContainers.contains(spec.name())
                && ContainerLauncher.resolvable(spec, name -> null)
                && spec.files().stream().noneMatch(f -> f.source().toAbsolutePath().normalize().startsWith(work))
                && plan.order().dependenciesOf(spec.name()).stream().allMatch(d -> independent(plan.get(d), work));
    }

    /**
     * Starts, as soon as their images are there, the containers that need nothing from the control plane or the
     * identities (a database, a cache): they become ready beside the API server's start instead of after it. Their
     * {@code dependsOn} order holds; a failure is reported by {@link #start}, and stop ends them like the rest.
     */
    private void startIndependent(Path work) {
        for (String name : plan.order().startOrder()) {
            ContainerSpec spec = plan.get(name);
            if (!independent(spec, work)) {
                continue;
            }
            List<CompletableFuture<?>> before = new ArrayList<>();
            before.add(prepared);
            plan.order().dependenciesOf(name).forEach(d -> before.add(independent.get(d)));
            CompletableFuture<RunningContainer> started = inBackground(name, CompletableFuture.allOf(before.toArray(CompletableFuture[]::new)), () -> {
                ContainerLauncher launcher = launcher();
                RunningContainer c = launcher.start(launcher.create(launch(spec, prepared.join(), key -> null, work)), Optional.empty());
                context.reporter().info("  container " + name + " ready in " + c.readyMillis() + " ms, beside the control plane"
                        + " (running after " + c.startMillis() + " ms; " + spec.readiness().describe() + "; created in "
                        + c.createMillis() + " ms)" + describePorts(c) + "; log " + c.log());
                return c;
            });
            // its failure ends the other starts under way, as one in start() does
            started.whenComplete((c, e) -> {
                if (e != null) {
                    aborted.set(true);
                }
            });
            independent.put(name, started);
        }
    }

    /**
     * Creates in the background, once {@link #prepare} is done, every container whose placeholders all have a value in
     * {@code exported} now (the control plane's properties), with its own and {@link #addFiles late} files; the rest are
     * created by {@link #start}. Returns at once; a failure is reported by {@link #start}. Call it after
     * {@link #addFiles}.
     *
     * @param apiServer where containers reach the API server: the in-cluster variables of those with a ServiceAccount
     */
    public void createEarly(Map<String, String> exported, ApiServerAddress apiServer) {
        createEarly(Map.copyOf(exported)::get, apiServer);
    }

    private void createEarly(Function<String, String> exported, ApiServerAddress apiServer) {
        if (plan.isEmpty()) {
            return;
        }
        this.apiServer = apiServer;
        Path work = context.workDirectory().toAbsolutePath().normalize();
        Path identities = WorkDirectory.of(work).identities();
        for (ContainerSpec planned : plan.containers()) {
            ContainerSpec spec = withLateFiles(planned);
            // a file from the identities' directory is rewritten while they are provisioned: copied at start instead
            boolean identityFiles = spec.files().stream().anyMatch(f -> f.source().toAbsolutePath().normalize().startsWith(identities));
            if (independent.containsKey(spec.name()) || identityFiles || !ContainerLauncher.resolvable(spec, exported)) {
                continue;
            }
            CompletableFuture<ContainerLauncher.Created> created = inBackground(spec.name(), prepared,
                    () -> launcher().create(launch(spec, prepared.join(), exported, work)));
            early.put(spec.name(), created);
        }
    }

    /**
     * Runs {@code work} on the pool once {@code after} is done, unless the start was given up first; stop (through the
     * cleaner) cancels it while it still waits, so a failed start never waits for image pulls, and waits for it once
     * it runs, so nothing is created behind stop's back.
     */
    private <T> CompletableFuture<T> inBackground(String container, CompletableFuture<?> after, java.util.function.Supplier<T> work) {
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Void> inFlight = new CompletableFuture<>();
        CompletableFuture<T> result = after.thenApplyAsync(v -> {
            if (!ran.compareAndSet(false, true) || aborted.get()) {
                throw new StartAbandonedException(container);
            }
            try {
                return work.get();
            } finally {
                inFlight.complete(null);
            }
        }, pool);
        // work that never began (cancelled, or what it waited for failed) has nothing in flight
        result.whenComplete((r, e) -> {
            if (ran.compareAndSet(false, true)) {
                inFlight.complete(null);
            }
        });
        cleaner.track(inFlight, () -> {
            aborted.set(true);
            result.cancel(false);
        });
        return result;
    }

    /**
     * Throws at once what a container started beside the control plane failed with (it exited, never got ready, its
     * image could not be had), so the start does not go on to the identities first. Nothing when none failed (yet).
     */
    public void throwIfStartedBesideFailed() {
        for (CompletableFuture<RunningContainer> f : independent.values()) {
            if (f.isCompletedExceptionally() && !f.isCancelled()) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    Throwable cause = StartFailures.unwrap(e);
                    if (!(cause instanceof StartAbandonedException)) {
                        throw cause instanceof ContainerException ce ? ce : new ContainerException(String.valueOf(cause.getMessage()), cause);
                    }
                }
            }
        }
    }

    /** Waits for {@link #prepare}, then starts every container and waits until each is ready. */
    public Started start(CredentialsSource credentials, Function<String, String> exported) {
        if (plan.isEmpty()) {
            return new Started("", List.of(), Map.of(), 0, 0, 0, 0);
        }
        try {
            return startAll(credentials, exported);
        } finally {
            pool.shutdown();
            closeEngine();
        }
    }

    /**
     * For a start that failed before {@link #start}: gives up the background preparation and closes the engine
     * connection. Call it after the caller's stop, which waits for the network so nothing is created behind it.
     */
    public void abandon() {
        aborted.set(true);
        if (pool != null) {
            pool.shutdownNow();
        }
        closeEngine();
    }

    private void closeEngine() {
        ContainerEngine e = engine;
        if (e != null) {
            e.close();
        }
    }

    private Started startAll(CredentialsSource credentials, Function<String, String> exported) {
        long called = System.nanoTime();
        Map<String, Optional<ContainerCredentials>> identities = new LinkedHashMap<>();
        for (ContainerSpec spec : plan.containers()) {
            identities.put(spec.name(), spec.serviceAccount().map(sa -> credentials.resolve(sa.reference(), spec.name())));
        }
        Prepared ready = await(prepared);
        long t0 = System.nanoTime();
        Path work = context.workDirectory().toAbsolutePath().normalize();
        Map<String, String> properties = new ConcurrentHashMap<>();
        Function<String, String> lookup = key -> {
            String v = properties.get(key);
            return v != null ? v : exported.apply(key);
        };
        ContainerLauncher launcher = launcher();
        Map<String, CompletableFuture<RunningContainer>> futures = new LinkedHashMap<>();
        for (String name : plan.order().startOrder()) {
            ContainerSpec spec = withLateFiles(plan.get(name));
            CompletableFuture<?>[] deps = plan.order().dependenciesOf(name).stream().map(futures::get).toArray(CompletableFuture[]::new);
            CompletableFuture<ContainerLauncher.Created> createdEarly = early.get(name);
            Optional<ContainerCredentials> identity = identities.get(name);
            CompletableFuture<RunningContainer> startedEarly = independent.get(name);
            if (startedEarly != null) {
                futures.put(name, startedEarly.thenApply(c -> {
                    properties.putAll(ContainerProperties.of(c));
                    return c;
                }));
                continue;
            }
            CompletableFuture<RunningContainer> f = CompletableFuture.allOf(deps).thenApplyAsync(v -> {
                ContainerLauncher.Created created = createdEarly != null ? joinCreated(createdEarly)
                        : launcher.create(launch(spec, ready, lookup, work, identity));
                RunningContainer c = launcher.start(created, identity);
                properties.putAll(ContainerProperties.of(c));
                context.reporter().info("  container " + name + " ready in " + c.readyMillis() + " ms (running after "
                        + c.startMillis() + " ms; " + spec.readiness().describe() + "; created in " + c.createMillis() + " ms"
                        + (createdEarly != null ? " while the identities were provisioned" : "") + ")" + describePorts(c)
                        + "; log " + c.log());
                return c;
            }, pool);
            f.whenComplete((c, e) -> {
                if (e != null) {
                    aborted.set(true);
                }
            });
            futures.put(name, f);
        }
        List<RunningContainer> running = new ArrayList<>();
        StartFailures failures = new StartFailures();
        for (CompletableFuture<RunningContainer> f : futures.values()) {
            try {
                running.add(f.get());
            } catch (ExecutionException | CompletionException ex) {
                failures.add(ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                aborted.set(true);
                throw new ContainerException("interrupted while starting containers", ex);
            }
        }
        failures.throwIfAny();
        Map<String, String> props = ContainerProperties.of(network, running);
        return new Started(network, running, props, prepareStart, prepareEnd, called, (System.nanoTime() - t0) / 1_000_000);
    }

    private synchronized ContainerLauncher launcher() {
        if (launcher == null) {
            launcher = new ContainerLauncher(engine, (id, name) -> context.session().created(ContainerCleaner.CONTAINER, id, name),
                    aborted::get, context.reporter(), this::pinBridgeAddress);
        }
        return launcher;
    }

    /** One container's launch, early (where the API server is given) or once its credentials are known. */
    private ContainerLauncher.Launch launch(ContainerSpec spec, Prepared ready, Function<String, String> properties, Path work) {
        return launch(spec, ready, properties, work, Optional.empty());
    }

    private ContainerLauncher.Launch launch(ContainerSpec spec, Prepared ready, Function<String, String> properties, Path work,
            Optional<ContainerCredentials> credentials) {
        Optional<ApiServerAddress> address = credentials.map(c -> new ApiServerAddress(c.kubernetesServiceHost(), c.kubernetesServicePort()))
                .or(() -> Optional.ofNullable(apiServer));
        List<String> extraHosts = context.hostAccess().addHost().map(List::of).orElse(List.of());
        return new ContainerLauncher.Launch(spec, network + "-" + spec.name(), ready.imageIds().get(spec.name()), network, extraHosts,
                labels(spec, work), address, properties, WorkDirectory.of(work).log(spec.name()), engineVolumes(spec, volumes(work)));
    }

    private static ContainerLauncher.Created joinCreated(CompletableFuture<ContainerLauncher.Created> created) {
        try {
            return created.join();
        } catch (CompletionException e) {
            Throwable cause = StartFailures.unwrap(e);
            throw cause instanceof RuntimeException re ? re : e;
        }
    }

    private static String describePorts(RunningContainer c) {
        if (c.ports().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("; ports");
        c.ports().forEach((container, host) -> b.append(' ').append(container).append("->").append(c.host()).append(':').append(host));
        return b.toString();
    }

    private Map<String, String> labels(ContainerSpec spec, Path work) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(ContainerCleaner.LABEL_SESSION, context.session().sessionId());
        labels.put(ContainerCleaner.LABEL_WORK_DIRECTORY, work.toString());
        labels.put("dev.envtest.container", spec.name());
        return labels;
    }

    /**
     * The run's named volumes ({@code envtest-<session>-<name>}), each created once however many containers mount it,
     * labelled and recorded like the network, so stop (and the next run's reaping) removes them.
     */
    private synchronized Map<String, String> volumes(Path work) {
        if (volumesFailure != null) {
            throw volumesFailure;
        }
        if (volumes == null) {
            try {
                volumes = createVolumes(work);
            } catch (ContainerException e) {
                // every later launch fails with the first cause, not with "already exists"
                volumesFailure = e;
                throw e;
            }
        }
        return volumes;
    }

    private ContainerException volumesFailure;

    private Map<String, String> createVolumes(Path work) {
        Map<String, String> engineNames = new LinkedHashMap<>();
        for (ContainerSpec spec : plan.containers()) {
            for (String name : spec.volumes().keySet()) {
                if (engineNames.containsKey(name)) {
                    continue;
                }
                String engineName = network + "-" + name;
                Map<String, String> labels = Map.of(ContainerCleaner.LABEL_SESSION, context.session().sessionId(),
                        ContainerCleaner.LABEL_WORK_DIRECTORY, work.toString(), "dev.envtest.volume", name);
                try {
                    engine.createVolume(engineName, labels);
                } catch (DockerException e) {
                    throw new ContainerException("container '" + spec.name() + "': the volume " + engineName + " could not be created: "
                            + ContainerLauncher.engineMessage(e) + ". Fix: check that the engine can create volumes (podman volume create works).", e);
                }
                context.session().created(ContainerCleaner.VOLUME, engineName, engineName);
                engineNames.put(name, engineName);
            }
        }
        return engineNames;
    }

    private static Map<String, String> engineVolumes(ContainerSpec spec, Map<String, String> engineNames) {
        Map<String, String> mounts = new LinkedHashMap<>();
        spec.volumes().forEach((name, target) -> mounts.put(engineNames.get(name), target));
        return mounts;
    }

    private String createNetwork(Path work) {
        Map<String, String> labels = Map.of(ContainerCleaner.LABEL_SESSION, context.session().sessionId(),
                ContainerCleaner.LABEL_WORK_DIRECTORY, work.toString());
        try {
            String id = engine.createNetwork(network, labels);
            context.session().created(ContainerCleaner.NETWORK, id, network);
            networkId = id;
            return id;
        } catch (DockerException e) {
            throw new ContainerException("the network " + network + " could not be created: " + ContainerLauncher.engineMessage(e)
                    + ". Fix: check that the engine can create bridge networks (podman network create works).", e);
        }
    }

    /**
     * Once the first container is on the network (its bridge exists only then), pins the bridge's MAC address where
     * the engine is a local Podman that leaves it unset and this host lets the build; see {@link BridgeAddressPin}.
     * Tried once per start, on the thread of the container that started first (a few milliseconds rootful; rootless, a
     * podman CLI call); what it could not do is said once, with the fix. It never fails a start: a container that
     * started is not undone for want of a pinned address.
     */
    private void pinBridgeAddress() {
        // Only a local Podman's bridge is within reach: rootful, an interface of this host; rootless, in its user's
        // rootless network namespace. Docker sets its bridges' addresses itself, and so does netavark since Podman 4.8.
        EngineInfo info = context.engine();
        boolean rootful = info.mode() == EngineMode.PODMAN_ROOTFUL;
        boolean rootless = (info.mode() == EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS || info.mode() == EngineMode.PODMAN_ROOTLESS_PASTA)
                && !BridgeAddressPin.podmanSetsBridgeAddresses(String.valueOf(info.version()));
        if (!(rootful || rootless) || !String.valueOf(info.dockerHost()).startsWith("unix://") || !bridgePinTried.compareAndSet(false, true)) {
            return;
        }
        Reporter reporter = context.reporter();
        try {
            Optional<java.net.InetAddress> address = engine.gateway(networkId).flatMap(ContainersStage::literal);
            if (address.isEmpty()) {
                reporter.debug("network " + network + ": the engine named no IPv4 gateway; its bridge's MAC address is left as it is");
                return;
            }
            BridgeAddressPin.Result r = rootful ? bridgePin.pin(address.get()) : bridgePin.pinInRootlessNetns(address.get());
            if (aborted.get()) {
                return; // the start is being abandoned (an interrupted command lands here too): nothing worth saying
            }
            switch (r.outcome()) {
                case PINNED -> reporter.info("  network " + network + ": bridge " + r.bridge() + "'s MAC address pinned to " + r.detail()
                        + " (netavark < 1.9 lets it follow the bridge's ports, moving the gateway under running containers as"
                        + " others start and stop: containers/netavark#833)");
                case ALREADY_SET -> reporter.debug("network " + network + ": bridge " + r.bridge() + " has a MAC address of its own (" + r.detail() + ")");
                case NOT_ON_THIS_HOST -> reporter.debug("network " + network + ": " + r.detail() + "; its bridge's MAC address is the engine's to keep");
                case NOT_PERMITTED -> reporter.info("  network " + network + ": its bridge's MAC address follows the lowest of its"
                        + " ports (netavark < 1.9), so a container starting or stopping can stall a connection to the API server"
                        + " begun at that moment for seconds; the build could not pin it (" + r.detail() + "). Fix: netavark 1.9"
                        + " or later (Podman 4.8), or " + (rootful ? "a build with CAP_NET_ADMIN (as root)"
                        : "a podman CLI on PATH whose 'podman unshare --rootless-netns' works, and iproute2's ip"));
            }
        } catch (RuntimeException e) {
            reporter.debug("network " + network + ": its bridge's MAC address was left as it is: " + e);
        }
    }

    private static Optional<java.net.InetAddress> literal(String ipv4) {
        if (!ipv4.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.net.InetAddress.getByName(ipv4)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    static String shortId(String sessionId) {
        String s = sessionId.replace("-", "").toLowerCase(Locale.ROOT);
        return s.substring(0, Math.min(8, s.length()));
    }

    private Prepared await(CompletableFuture<Prepared> future) {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = StartFailures.unwrap(e);
            throw cause instanceof ContainerException ce ? ce : new ContainerException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while preparing containers", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "envtest-containers-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
