package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.DockerException;
import dev.envtest.plugin.containers.wait.ContainerState;
import dev.envtest.plugin.containers.wait.HealthcheckWait;
import dev.envtest.plugin.containers.wait.WaitStrategy;
import dev.envtest.plugin.containers.wait.WaitTarget;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.text.Placeholders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Runs one container from create to ready: create (recorded at once), copy files in, start, follow its log, read
 * its published ports, and poll its wait until ready. A container that exits, or a wait that times out, is an error
 * quoting the container's last log lines.
 */
final class ContainerLauncher {

    static final String HOST = "127.0.0.1";
    static final String NSSWITCH = "/etc/nsswitch.conf";
    private static final int TAIL = 30;
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(10);
    /** How long after the start a wait checks at its {@link WaitStrategy#earlyInterval()}. */
    private static final Duration EARLY = Duration.ofSeconds(2);
    private static final Duration NOT_RUNNING_INSPECT = Duration.ofMillis(50);

    /** What the launcher records as soon as the engine created it, so stop can remove it whatever happens next. */
    interface Recorder {
        void created(String containerId, String engineName);
    }

    private final ContainerEngine engine;
    private final Recorder recorder;
    private final BooleanSupplier aborted;
    private final Reporter reporter;
    private final Runnable joined;

    /** @param joined told after each container's start, once it is on its network */
    ContainerLauncher(ContainerEngine engine, Recorder recorder, BooleanSupplier aborted, Reporter reporter, Runnable joined) {
        this.engine = engine;
        this.recorder = recorder;
        this.aborted = aborted;
        this.reporter = reporter;
        this.joined = joined;
    }

    /**
     * Everything one container needs besides its credentials' files.
     *
     * @param apiServer where the container reaches the API server, for the in-cluster variables of a container with a
     *                  ServiceAccount (known with the control plane, before the identities)
     */
    record Launch(
            ContainerSpec spec,
            String engineName,
            String imageId,
            String network,
            List<String> extraHosts,
            Map<String, String> labels,
            Optional<ApiServerAddress> apiServer,
            Function<String, String> properties,
            Path logFile,
            Map<String, String> volumes) {
    }

    /** A container created, its own files copied in, not yet started. */
    record Created(Launch launch, String id, List<String> aliases, long createMillis) {
    }

    /**
     * Whether every placeholder of the container's env, command and args has a value in {@code properties} now: only
     * then can it be created before later stages export theirs.
     */
    static boolean resolvable(ContainerSpec spec, Function<String, String> properties) {
        Placeholders placeholders = new Placeholders(properties);
        List<String> values = new ArrayList<>(spec.env().values());
        values.addAll(spec.command());
        values.addAll(spec.args());
        return values.stream().allMatch(v -> placeholders.resolve(v).unresolved().isEmpty());
    }

    /**
     * Creates the container (recorded at once) with its env, and copies in its own files: everything that does not
     * need the identities, so it can run while they are provisioned.
     */
    Created create(Launch l) {
        ContainerSpec spec = l.spec();
        long t0 = System.nanoTime();
        Placeholders placeholders = new Placeholders(l.properties());
        Map<String, String> env = new LinkedHashMap<>();
        spec.env().forEach((k, v) -> env.put(k, resolve(placeholders, spec, "env " + k, v)));
        spec.serviceAccount().ifPresent(ref -> l.apiServer().ifPresent(address -> CredentialsInjection.env(ref, address, env)));
        CopyArchive files = new CopyArchive();
        spec.files().forEach(files::copy);
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        List<String> aliases = new ArrayList<>();
        aliases.add(spec.name());
        spec.aliases().stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
        List<Integer> ports = ContainerPlan.publishedPorts(spec);

        ContainerEngine.Creation creation = new ContainerEngine.Creation(l.engineName(), l.imageId(),
                resolveAll(placeholders, spec, "command", spec.command()), resolveAll(placeholders, spec, "args", spec.args()),
                envList, l.network(),
                aliases, ports, HOST, l.extraHosts(), l.labels(), spec.user(), spec.tmpfs(), l.volumes(),
                spec.readiness() instanceof HealthcheckWait);
        if (aborted.getAsBoolean()) {
            throw new StartAbandonedException(spec.name());
        }
        String id;
        try {
            id = engine.create(creation);
        } catch (DockerException e) {
            throw new ContainerException("container '" + spec.name() + "' could not be created: " + engineMessage(e), e);
        }
        recorder.created(id, l.engineName());
        addNsswitchIfMissing(engine, id, files);
        copyIn(spec, id, files);
        return new Created(l, id, List.copyOf(aliases), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Copies the credentials' files into a created container, starts it, and waits until it is ready. */
    RunningContainer start(Created created, Optional<ContainerCredentials> credentials) {
        Launch l = created.launch();
        ContainerSpec spec = l.spec();
        String id = created.id();
        long t0 = System.nanoTime();
        if (spec.serviceAccount().isPresent() && credentials.isPresent()) {
            CopyArchive files = new CopyArchive();
            CredentialsInjection.files(spec.serviceAccount().get(), credentials.get(), files);
            copyIn(spec, id, files);
        }
        LogFollower log = new LogFollower(l.logFile());
        if (aborted.getAsBoolean()) {
            throw new StartAbandonedException(spec.name());
        }
        try {
            engine.start(id);
        } catch (DockerException e) {
            engine.followLog(id, log);
            throw failure(spec, log, "could not be started: " + engineMessage(e), e);
        }
        engine.followLog(id, log);
        joined.run();
        long started = System.nanoTime();
        Target target = new Target(id, log);
        WaitStrategy wait = spec.readiness();
        long deadline = System.nanoTime() + wait.timeout().toNanos();
        String last = "no check made yet";
        ContainerState state = null;
        long inspected = 0;
        while (true) {
            if (aborted.getAsBoolean()) {
                throw new StartAbandonedException(spec.name());
            }
            long now = System.nanoTime();
            // the engine is asked at most every NOT_RUNNING_INSPECT until the container runs, then every interval()
            long inspectEvery = state != null && state.running() ? wait.interval().toNanos() : NOT_RUNNING_INSPECT.toNanos();
            if (state == null || now - inspected >= inspectEvery) {
                ContainerEngine.Inspection inspection = engine.inspect(id);
                inspected = now;
                target.refresh(inspection.ports());
                state = inspection.state();
            }
            if (state.exited()) {
                log.awaitEnd(Duration.ofSeconds(3));
                throw failure(spec, log, "exited with code " + state.exitCode() + " before it was ready (waiting until "
                        + wait.describe() + ")", null);
            }
            if (state.running()) {
                WaitStrategy.Check check = wait.check(target);
                last = check.detail();
                if (check.ready()) {
                    break;
                }
                if (check.hopeless()) {
                    throw failure(spec, log, "cannot become ready: " + check.detail(), null);
                }
            } else {
                last = "status " + state.status();
            }
            if (System.nanoTime() > deadline) {
                throw failure(spec, log, "was not ready within " + wait.timeout().toSeconds() + " s (waiting until "
                        + wait.describe() + "; last check: " + last + "). Fix: check the log below; if it is only slow,"
                        + " raise wait/timeout; if it listens on another port or path, correct the wait", null);
            }
            sleep(System.nanoTime() - started < EARLY.toNanos() ? wait.earlyInterval() : wait.interval());
        }
        long ready = System.nanoTime();
        return new RunningContainer(spec.name(), l.engineName(), id, l.imageId(), HOST, target.ports(), created.aliases(),
                l.logFile(), created.createMillis(), (started - t0) / 1_000_000, (ready - t0) / 1_000_000);
    }

    private void copyIn(ContainerSpec spec, String id, CopyArchive files) {
        if (files.isEmpty()) {
            return;
        }
        try {
            engine.copyIn(id, files.toTar());
        } catch (DockerException e) {
            throw new ContainerException("container '" + spec.name() + "': copying files in failed: " + engineMessage(e), e);
        }
    }

    /**
     * Without {@value #NSSWITCH} Go (and glibc) ask DNS before /etc/hosts, so every lookup of the engine's host name goes
     * to the network's DNS server first: slow offline, and lost while aardvark-dns < 1.11 reloads (each time a container
     * starts or stops on the network). With it, /etc/hosts answers, as in distroless images. An image's own file stays.
     */
    static void addNsswitchIfMissing(ContainerEngine engine, String containerId, CopyArchive files) {
        if (!files.contains(NSSWITCH) && !engine.exists(containerId, NSSWITCH)) {
            files.content(NSSWITCH, "hosts: files dns\n".getBytes(StandardCharsets.UTF_8), CopyArchive.FILE_MODE);
        }
    }

    private List<String> resolveAll(Placeholders placeholders, ContainerSpec spec, String where, List<String> values) {
        return values.stream().map(v -> resolve(placeholders, spec, where, v)).toList();
    }

    /** Resolves one value; a name with no value stays as written (it may be meant for a shell) and is reported. */
    private String resolve(Placeholders placeholders, ContainerSpec spec, String where, String value) {
        Placeholders.Result result = placeholders.resolve(value);
        for (Placeholders.Unresolved u : result.unresolved()) {
            reporter.warn("container '" + spec.name() + "': ${" + u.name() + "} in " + where
                    + " is not an exported property; left as written");
        }
        return result.text();
    }

    private ContainerException failure(ContainerSpec spec, LogFollower log, String what, Throwable cause) {
        List<String> tail = log.tail(TAIL);
        StringBuilder b = new StringBuilder("container '").append(spec.name()).append("' (").append(spec.image().describe())
                .append(") ").append(what).append('.');
        if (tail.isEmpty()) {
            b.append("\nIts log is empty (").append(log.file()).append(").");
        } else {
            b.append("\nLast ").append(tail.size()).append(" log lines (all in ").append(log.file()).append("):");
            tail.forEach(line -> b.append("\n  | ").append(line));
        }
        return new ContainerException(b.toString(), cause);
    }

    static String engineMessage(DockerException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return m.replaceFirst("^Status \\d+: ", "");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("interrupted while waiting for a container");
        }
    }

    /** The wait's view of this container. */
    private final class Target implements WaitTarget {
        private final String id;
        private final LogFollower log;
        private volatile Map<Integer, Integer> ports = Map.of();

        Target(String id, LogFollower log) {
            this.id = id;
            this.log = log;
        }

        void refresh(Map<Integer, Integer> found) {
            if (!found.isEmpty()) {
                ports = Map.copyOf(found);
            }
        }

        Map<Integer, Integer> ports() {
            if (ports.isEmpty()) {
                refresh(engine.inspect(id).ports());
            }
            return new TreeMap<>(ports);
        }

        @Override
        public String host() {
            return HOST;
        }

        @Override
        public OptionalInt hostPort(int containerPort) {
            Integer p = ports.get(containerPort);
            return p == null ? OptionalInt.empty() : OptionalInt.of(p);
        }

        @Override
        public ContainerState state() {
            return engine.inspect(id).state();
        }

        @Override
        public int logMatches(Pattern pattern) {
            return log.matches(pattern);
        }

        @Override
        public List<String> logTail(int lines) {
            return log.tail(lines);
        }

        @Override
        public void runHealthcheck() {
            engine.runHealthcheck(id);
        }

        @Override
        public dev.envtest.plugin.containers.wait.ExecResult exec(List<String> command) {
            return engine.exec(id, command, EXEC_TIMEOUT);
        }
    }
}
