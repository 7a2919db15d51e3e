package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.DockerException;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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
 *   <li>{@link #start}: once the API server and the identities are ready: every container in {@code dependsOn}
 *       order (independent ones in parallel), each waited on until ready.</li>
 * </ol>
 * Everything created is recorded in the session file the moment it exists and labelled with the session and the
 * work directory; on any failure the caller's stop (with {@link ContainerCleaner}) removes it.
 */
public final class ContainersStage {

    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private final ContainerPlan plan;
    private final ContainerCleaner cleaner;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private Context context;
    private volatile ContainerEngine engine;
    private ExecutorService pool;
    private CompletableFuture<Prepared> prepared;
    private String network;
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
            long prepareStartNanos, long prepareEndNanos, long startCalledNanos, long startMillis) {
        public long prepareMillis() {
            return (prepareEndNanos - prepareStartNanos) / 1_000_000;
        }

        /** How much of the preparation ran while the caller did other work (control plane, identities). */
        public long overlapMillis() {
            return Math.max(0, (Math.min(prepareEndNanos, startCalledNanos) - prepareStartNanos) / 1_000_000);
        }

        /** How long {@link #start} waited for the preparation to finish. */
        public long waitedMillis() {
            return Math.max(0, (prepareEndNanos - startCalledNanos) / 1_000_000);
        }
    }

    private record Prepared(String networkId, Map<String, String> imageIds) {
    }

    public ContainersStage(ContainerPlan plan, ContainerCleaner cleaner) {
        this.plan = plan;
        this.cleaner = cleaner;
    }

    public boolean isEmpty() {
        return plan.isEmpty();
    }

    public ContainerPlan plan() {
        return plan;
    }

    /** Starts creating the network and pulling/building images in the background, and returns at once. */
    public void prepare(Context ctx) {
        if (plan.isEmpty()) {
            return;
        }
        if (!ctx.engine().available()) {
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
        CompletableFuture<ContainerEngine> connected = CompletableFuture.supplyAsync(() -> engine = new ContainerEngine(ctx.engine()), pool);
        CompletableFuture<String> networkId = connected.thenApplyAsync(e -> {
            cleaner.preload(dockerHost, work, ctx.reporter());
            return createNetwork(work);
        }, pool);
        Map<String, CompletableFuture<String>> byImage = new LinkedHashMap<>();
        Map<String, CompletableFuture<String>> images = new LinkedHashMap<>();
        for (ContainerSpec spec : plan.containers()) {
            String key = imageKey(spec, work);
            CompletableFuture<String> image = byImage.computeIfAbsent(key,
                    k -> connected.thenApplyAsync(e -> resolveImage(spec, work), pool));
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
        ContainerLauncher launcher = new ContainerLauncher(engine,
                (id, name) -> context.session().created(ContainerCleaner.CONTAINER, id, name), aborted::get);
        List<String> extraHosts = context.hostAccess().addHost().map(List::of).orElse(List.of());
        Map<String, CompletableFuture<RunningContainer>> futures = new LinkedHashMap<>();
        for (String name : plan.order().startOrder()) {
            ContainerSpec spec = plan.get(name);
            CompletableFuture<?>[] deps = plan.order().dependenciesOf(name).stream().map(futures::get).toArray(CompletableFuture[]::new);
            ContainerLauncher.Launch launch = new ContainerLauncher.Launch(spec, network + "-" + name, ready.imageIds().get(name),
                    network, extraHosts, labels(spec, work), identities.get(name), lookup, work.resolve("logs").resolve(name + ".log"));
            CompletableFuture<RunningContainer> f = CompletableFuture.allOf(deps).thenApplyAsync(v -> {
                RunningContainer c = launcher.launch(launch);
                properties.putAll(ContainerProperties.of(c));
                context.reporter().info("  container " + name + " ready in " + c.readyMillis() + " ms (running after "
                        + c.startMillis() + " ms; " + spec.readiness().describe() + ")" + describePorts(c) + "; log " + c.log());
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
        List<String> failures = new ArrayList<>();
        Throwable first = null;
        for (Map.Entry<String, CompletableFuture<RunningContainer>> e : futures.entrySet()) {
            try {
                running.add(e.getValue().get());
            } catch (ExecutionException | CompletionException ex) {
                Throwable cause = unwrap(ex);
                String message = cause.getMessage();
                boolean secondary = message != null && message.contains("start abandoned because another container failed");
                if (!secondary && !failures.contains(message)) {
                    failures.add(message);
                    first = first == null ? cause : first;
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                aborted.set(true);
                throw new ContainerException("interrupted while starting containers", ex);
            }
        }
        if (!failures.isEmpty()) {
            String message = failures.size() == 1 ? failures.get(0) : String.join("\n", failures);
            throw first instanceof ContainerException && failures.size() == 1 ? (ContainerException) first
                    : new ContainerException(message, first);
        }
        Map<String, String> props = ContainerProperties.of(network, running);
        return new Started(network, running, props, prepareStart, prepareEnd, called, (System.nanoTime() - t0) / 1_000_000);
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

    private String createNetwork(Path work) {
        Map<String, String> labels = Map.of(ContainerCleaner.LABEL_SESSION, context.session().sessionId(),
                ContainerCleaner.LABEL_WORK_DIRECTORY, work.toString());
        try {
            String id = engine.createNetwork(network, labels);
            context.session().created(ContainerCleaner.NETWORK, id, network);
            return id;
        } catch (DockerException e) {
            throw new ContainerException("the network " + network + " could not be created: " + ContainerLauncher.engineMessage(e)
                    + ". Fix: check that the engine can create bridge networks (podman network create works).", e);
        }
    }

    private String resolveImage(ContainerSpec spec, Path work) {
        ImageSpec image = spec.image();
        if (image.build().isPresent()) {
            BuildSpec build = image.build().get();
            String tag = image.reference().filter(r -> !r.isBlank()).orElseGet(() -> defaultTag(build, work));
            Path log = work.resolve("logs").resolve(spec.name() + ".build.log");
            long t = System.nanoTime();
            try {
                BuildContext sources = BuildContext.scan(build);
                String digest = sources.digest(tag);
                Optional<Map<String, String>> existing = engine.imageLabels(tag);
                if (existing.isPresent() && digest.equals(existing.get().get(BuildContext.DIGEST_LABEL))) {
                    String id = engine.imageId(tag).orElseThrow();
                    context.reporter().info("  image " + tag + " for " + spec.name() + " is up to date (context unchanged; checked in "
                            + (System.nanoTime() - t) / 1_000_000 + " ms)");
                    return id;
                }
                String id = engine.build(build, sources, tag, BuildContext.labels(Map.of("dev.envtest.builtBy", "envtest-maven-plugin"), digest),
                        log, work.resolve("tmp"), BUILD_TIMEOUT);
                context.reporter().info("  image " + tag + " built for " + spec.name() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
                return id;
            } catch (ContainerException | DockerException e) {
                throw new ContainerException("container '" + spec.name() + "': building " + build.containerfile() + " failed: "
                        + e.getMessage().strip() + "\nBuild log: " + log + ". Fix: correct the Containerfile or the context directory "
                        + build.contextDirectory() + ".", e);
            }
        }
        String ref = image.reference().orElseThrow();
        Optional<String> present = engine.imageId(ref);
        if (image.pullPolicy() == PullPolicy.NEVER) {
            return present.orElseThrow(() -> new ContainerException("container '" + spec.name() + "': image " + ref
                    + " is not present and pullPolicy is never. Fix: build or pull it before the build, or set pullPolicy to missing."));
        }
        if (present.isPresent() && image.pullPolicy() == PullPolicy.MISSING) {
            return present.get();
        }
        long t = System.nanoTime();
        try {
            engine.pull(ref, PULL_TIMEOUT);
        } catch (ContainerException | DockerException e) {
            if (present.isPresent()) {
                context.reporter().warn("container '" + spec.name() + "': pulling " + ref + " failed (" + e.getMessage().strip()
                        + "); using the local image");
                return present.get();
            }
            throw new ContainerException("container '" + spec.name() + "': image " + ref + " is not present and could not be"
                    + " pulled: " + e.getMessage().strip() + ". Fix: correct the image name, log in to its registry, or build it"
                    + " locally (a build with contextDirectory).", e);
        }
        context.reporter().info("  image " + ref + " pulled for " + spec.name() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
        return engine.imageId(ref).orElseThrow(() -> new ContainerException("container '" + spec.name() + "': the engine"
                + " reported pulling " + ref + " but does not have it"));
    }

    private static String imageKey(ContainerSpec spec, Path work) {
        ImageSpec image = spec.image();
        if (image.build().isPresent()) {
            BuildSpec b = image.build().get();
            return "build:" + b.contextDirectory().toAbsolutePath().normalize() + "|" + b.containerfile().toAbsolutePath().normalize()
                    + "|" + b.buildArgs() + "|" + image.reference().orElseGet(() -> defaultTag(b, work));
        }
        return "pull:" + image.reference().orElse("") + "|" + image.pullPolicy();
    }

    /** A tag stable per project and context ({@code localhost/envtest/<context dir>:<hash>}), so rebuilds reuse the cache. */
    static String defaultTag(BuildSpec build, Path work) {
        String dir = build.contextDirectory().toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        String hash = sha256(work + "|" + build.contextDirectory().toAbsolutePath().normalize() + "|"
                + build.containerfile().toAbsolutePath().normalize()).substring(0, 12);
        return "localhost/envtest/" + (dir.isEmpty() ? "image" : dir) + ":" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
            Throwable cause = unwrap(e);
            throw cause instanceof ContainerException ce ? ce : new ContainerException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while preparing containers", e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Stops the background threads and closes the engine connections; the containers keep running. */
    public void close() {
        aborted.set(true);
        if (pool != null) {
            pool.shutdownNow();
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
