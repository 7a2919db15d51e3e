package dev.envtest.plugin.containers;

import dev.envtest.plugin.command.Finished;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.envtest.plugin.containers.wait.ContainerState;
import dev.envtest.plugin.containers.wait.RunningWait;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containers stage's fan-out ({@code dependsOn} order, independent containers in parallel, one pull per image)
 * and its failure aggregation (the causes reported, the abandoned starts not), against a scripted engine. The real
 * engine's side is {@link ContainersEngineIT}.
 */
class ContainersStageTest {

    /** How a scripted container behaves once started. */
    enum Script { READY, EXITS, NEVER_READY }

    /** An engine that keeps containers in memory and records every call in order. */
    static final class FakeEngine implements ContainerEngine {
        final List<String> events = new ArrayList<>();
        final Map<String, Script> scripts = new ConcurrentHashMap<>();
        final Map<String, String> nameById = new ConcurrentHashMap<>();
        final Map<String, Creation> creations = new ConcurrentHashMap<>();
        final Map<String, Boolean> started = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger();
        final AtomicInteger pulls = new AtomicInteger();
        final Set<String> pulled = ConcurrentHashMap.newKeySet();
        volatile Optional<String> pullFailure = Optional.empty();
        /** Holds every pull until counted down (an image still being pulled when the start fails). */
        volatile CountDownLatch pullGate = new CountDownLatch(0);
        volatile boolean closed;
        /** Holds each exiting container's first inspect until this many have reached it, so they fail together. */
        volatile CountDownLatch exitTogether = new CountDownLatch(0);
        /** Holds each exiting container's first inspect until counted down: a failure that waits for the test's cue. */
        volatile CountDownLatch exitGate = new CountDownLatch(0);
        /** Told the name of each container created. */
        volatile java.util.function.Consumer<String> onCreate = name -> { };

        synchronized void event(String e) {
            events.add(e);
        }

        synchronized int indexOf(String e) {
            int i = events.indexOf(e);
            assertTrue(i >= 0, "no event " + e + " in " + events);
            return i;
        }

        synchronized boolean happened(String e) {
            return events.contains(e);
        }

        public Optional<String> imageId(String reference) {
            return pulled.contains(reference) ? Optional.of("sha256:" + Integer.toHexString(reference.hashCode())) : Optional.empty();
        }

        public Optional<LocalImage> localImage(String reference) {
            return Optional.empty();
        }

        public void pull(String reference, Optional<dev.envtest.plugin.registry.RegistryCredential> credential, PullProgress progress, Duration timeout) {
            pulls.incrementAndGet();
            event("pull " + reference);
            try {
                pullGate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pullFailure.ifPresent(message -> {
                throw new ContainerException(message);
            });
            pulled.add(reference);
        }

        public String build(BuildSpec build, BuildContext context, String tag, Map<String, String> labels, Path buildLog,
                Path scratchDirectory, Duration timeout, java.util.function.Consumer<String> steps) {
            throw new UnsupportedOperationException("no builds in these tests");
        }

        public String createNetwork(String name, Map<String, String> labels) {
            event("network " + name);
            return "net-1";
        }

        @Override
        public Optional<String> gateway(String networkId) {
            // TEST-NET-1: no interface of this host carries it, so the default pin finds nothing to change
            return Optional.of("192.0.2.1");
        }

        public String create(Creation creation) {
            String name = creation.labels().get("dev.envtest.container");
            String id = "c" + ids.incrementAndGet();
            nameById.put(id, name);
            creations.put(name, creation);
            event("create " + name);
            onCreate.accept(name);
            return id;
        }

        public void copyIn(String containerId, byte[] tar) {
            String names = new String(tar, StandardCharsets.ISO_8859_1);
            event("copy " + nameById.get(containerId) + (names.contains("serviceaccount/token") ? " with token" : ""));
        }

        public boolean exists(String containerId, String path) {
            return true;
        }

        public void start(String containerId) {
            started.put(containerId, true);
            event("start " + nameById.get(containerId));
        }

        public void followLog(String containerId, LogFollower log) {
            log.open();
            String name = nameById.get(containerId);
            if (scripts.get(name) == Script.EXITS) {
                log.accept(new Frame(StreamType.STDERR, ("fatal: " + name + " cannot run\n").getBytes(StandardCharsets.UTF_8)));
                log.close();
            }
        }

        public Inspection inspect(String containerId) {
            String name = nameById.get(containerId);
            if (scripts.get(name) == Script.EXITS) {
                exitTogether.countDown();
                try {
                    exitGate.await(30, TimeUnit.SECONDS);
                    exitTogether.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ContainerState state = switch (scripts.getOrDefault(name, Script.READY)) {
                case READY -> new ContainerState("running", true, 0, Optional.empty(), Optional.empty());
                case EXITS -> new ContainerState("exited", false, 3, Optional.empty(), Optional.empty());
                case NEVER_READY -> new ContainerState("created", false, -1, Optional.empty(), Optional.empty());
            };
            if (state.running() && !happened("ready " + name)) {
                event("ready " + name);
            }
            return new Inspection(state, Map.of());
        }

        public void runHealthcheck(String containerId) {
        }

        public String createVolume(String name, Map<String, String> labels) {
            event("volume " + name);
            return name;
        }

        public dev.envtest.plugin.containers.wait.ExecResult exec(String containerId, List<String> command, Duration timeout) {
            return new dev.envtest.plugin.containers.wait.ExecResult(0, "", "");
        }

        public void close() {
            closed = true;
        }
    }

    @TempDir
    Path work;

    private final FakeEngine fake = new FakeEngine();
    private SessionFile session;
    private final EngineInfo engineInfo = new EngineInfo("unix://" + "/nonexistent/envtest-fake-engine.sock", "Podman Engine", "4.3.1",
            "1.41", EngineMode.PODMAN_ROOTFUL);

    @BeforeEach
    void session() {
        session = SessionFile.create(work.resolve("session.json"), "0123456789abcdef");
    }

    private static ContainerSpec container(String name, String image, String... dependsOn) {
        return ContainerSpec.minimal(name, ImageSpec.pull(image, PullPolicy.MISSING), new RunningWait(Duration.ofSeconds(30)))
                .withDependsOn(List.of(dependsOn));
    }

    private final List<String> warnings = new ArrayList<>();

    private ContainersStage.Started run(ContainerSpec... specs) {
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(specs)), new ContainerCleaner(), info -> fake);
        stage.prepare(new ContainersStage.Context(engineInfo, HostAccessPolicy.choose(engineInfo.mode()), session, work,
                Reporter.warningsTo(warnings::add)));
        return stage.start(CredentialsSource.none(), Map.of("envtest.container.url", "https://host.containers.internal:6443")::get);
    }

    private static final Map<String, String> CONTROL_PLANE = Map.of("envtest.container.url", "https://host.containers.internal:6443");

    /** As start runs it: created early (while the identities would be provisioned), then started. */
    private ContainersStage.Started runEarly(CredentialsSource credentials, List<String> createdBeforeStart, ContainerSpec... specs)
            throws InterruptedException {
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(specs)), new ContainerCleaner(), info -> fake);
        stage.prepare(new ContainersStage.Context(engineInfo, HostAccessPolicy.choose(engineInfo.mode()), session, work,
                Reporter.warningsTo(warnings::add)));
        stage.createEarly(CONTROL_PLANE, new ApiServerAddress("host.containers.internal", "6443"));
        for (String name : createdBeforeStart) {
            // the identities' time, made as long as the early creations need
            for (int i = 0; i < 3000 && !fake.happened("create " + name); i++) {
                Thread.sleep(10);
            }
            assertTrue(fake.happened("create " + name), name + " is created before start: " + fake.events);
        }
        fake.event("start called");
        return stage.start(credentials, CONTROL_PLANE::get);
    }

    // ---- the bridge's MAC address (BridgeAddressPin), against a sysfs laid out in the work directory ----

    private final List<List<String>> pinCommands = new java.util.concurrent.CopyOnWriteArrayList<>();

    private BridgeAddressPin pinIn(Path sys, java.util.function.Function<java.net.InetAddress, Optional<String>> interfaces) {
        return new BridgeAddressPin(sys, interfaces, command -> {
            pinCommands.add(command);
            fake.event("pin " + command.get(4));
            return new Finished(0, "");
        }, Optional.of(Path.of("/usr/sbin/ip")));
    }

    private Path bridgeSysfs() throws java.io.IOException {
        Path sys = work.resolve("sys");
        java.nio.file.Files.createDirectories(sys.resolve("podman1/bridge"));
        java.nio.file.Files.writeString(sys.resolve("podman1/addr_assign_type"), "1\n");
        java.nio.file.Files.writeString(sys.resolve("podman1/address"), "62:d7:90:09:a5:4a\n");
        return sys;
    }

    private ContainersStage.Started runWith(BridgeAddressPin pin, EngineInfo info, Reporter reporter, ContainerSpec... specs) {
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(specs)), new ContainerCleaner(), i -> fake, pin);
        stage.prepare(new ContainersStage.Context(info, HostAccessPolicy.choose(info.mode()), session, work, reporter));
        return stage.start(CredentialsSource.none(), CONTROL_PLANE::get);
    }

    @Test
    void rootfulPodmansBridgeIsPinnedOnceAfterTheFirstContainersStart() throws java.io.IOException {
        dev.envtest.plugin.session.RecordingReporter reporter = new dev.envtest.plugin.session.RecordingReporter();
        ContainersStage.Started started = runWith(pinIn(bridgeSysfs(), a -> Optional.of("podman1")), engineInfo, reporter,
                container("db", "db:1"), container("cache", "cache:1"), container("app", "app:1", "db", "cache"));
        assertEquals(3, started.containers().size());
        assertEquals(List.of(List.of("/usr/sbin/ip", "link", "set", "dev", "podman1", "address", "62:d7:90:09:a5:4a")), pinCommands,
                "once, with the address the bridge has");
        int pin = fake.indexOf("pin podman1");
        assertTrue(pin > 0 && fake.events.subList(0, pin).stream().anyMatch(e -> e.startsWith("start ")), "after a start: " + fake.events);
        assertTrue(reporter.lines().stream().anyMatch(l -> l.contains("bridge podman1's MAC address pinned to 62:d7:90:09:a5:4a")),
                reporter.lines().toString());
    }

    @Test
    void dockersBridgeIsLeftToTheEngine() throws java.io.IOException {
        EngineInfo docker = new EngineInfo("unix:///nonexistent/envtest-fake-docker.sock", "Docker Engine", "20.10.24", "1.41",
                EngineMode.DOCKER_ENGINE);
        runWith(pinIn(bridgeSysfs(), a -> Optional.of("podman1")), docker, Reporter.silent(), container("db", "db:1"));
        assertEquals(List.of(), pinCommands);
    }

    @Test
    void aPinThatThrowsFailsNoStart() throws java.io.IOException {
        ContainersStage.Started started = runWith(pinIn(bridgeSysfs(), a -> {
            throw new IllegalStateException("interfaces unreadable");
        }), engineInfo, Reporter.silent(), container("db", "db:1"), container("app", "app:1", "db"));
        assertEquals(2, started.containers().size(), "every container started");
        assertEquals(List.of(), pinCommands);
    }

    @Test
    void containersNeedingOnlyTheControlPlaneAreCreatedBeforeTheIdentitiesAndStartedInOrder() throws InterruptedException {
        ContainersStage.Started started = runEarly(CredentialsSource.none(), List.of("db", "app"), container("db", "db:1"),
                container("app", "app:1", "db").withEnv(Map.of("KUBE_API", "${envtest.container.url}")),
                container("late", "app:1", "db").withEnv(Map.of("DB", "${envtest.containers.db.host}")));

        assertEquals(List.of("db", "app", "late"), started.containers().stream().map(RunningContainer::name).toList());
        assertTrue(fake.indexOf("create app") < fake.indexOf("start called"), fake.events.toString());
        assertTrue(fake.indexOf("start app") > fake.indexOf("ready db"), "dependsOn still orders the start: " + fake.events);
        assertTrue(fake.indexOf("create late") > fake.indexOf("ready db"),
                "a placeholder only a container's readiness answers waits for it: " + fake.events);
        assertTrue(fake.creations.get("late").env().contains("DB=127.0.0.1"), fake.creations.get("late").env().toString());
        assertTrue(fake.creations.get("app").env().contains("KUBE_API=https://host.containers.internal:6443"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void anEarlyCreatedContainerGetsTheInClusterVariablesAtCreateAndItsTokenOnlyAtStart() throws Exception {
        java.nio.file.Path d = java.nio.file.Files.createDirectories(work.resolve("sa"));
        ContainerCredentials reader = new ContainerCredentials("default", "reader",
                java.nio.file.Files.writeString(d.resolve("token"), "tok\n"), java.nio.file.Files.writeString(d.resolve("ca.crt"), "ca"),
                java.nio.file.Files.writeString(d.resolve("kubeconfig"), "kind: Config"), "host.containers.internal", "6443");

        runEarly(CredentialsSource.of(List.of(reader)), List.of("app"),
                container("app", "app:1").withServiceAccount(new ServiceAccountRef("reader", CredentialsMode.IN_CLUSTER, null)));

        ContainerEngine.Creation app = fake.creations.get("app");
        assertTrue(app.env().containsAll(List.of("KUBERNETES_SERVICE_HOST=host.containers.internal", "KUBERNETES_SERVICE_PORT=6443")),
                app.env().toString());
        assertFalse(app.env().stream().anyMatch(e -> e.contains("tok")), "no token in the engine's env: " + app.env());
        assertTrue(fake.indexOf("copy app with token") > fake.indexOf("start called"), fake.events.toString());
        assertTrue(fake.indexOf("copy app with token") < fake.indexOf("start app"), fake.events.toString());
    }

    @Test
    void aDependentCreatedEarlyIsRecordedButNeverStartedWhenWhatItDependsOnFails() throws InterruptedException {
        fake.scripts.put("db", Script.EXITS);
        // db, started beside the control plane, fails only once app was created: otherwise its failure can come first
        // and app is rightly never created (seen in CI)
        fake.exitGate = new CountDownLatch(1);
        fake.onCreate = name -> {
            if (name.equals("app")) {
                fake.exitGate.countDown();
            }
        };

        assertThrows(ContainerException.class, () -> runEarly(CredentialsSource.none(), List.of("db", "app"), container("db", "db:1"),
                container("app", "app:1", "db").withEnv(Map.of("KUBE_API", "${envtest.container.url}"))));

        assertFalse(fake.happened("start app"), fake.events.toString());
        assertTrue(session.resources().stream().anyMatch(r -> r.kind.equals(ContainerCleaner.CONTAINER) && r.name.equals("envtest-01234567-app")),
                "recorded, so stop removes it");
    }

    @Test
    void aStopWhileImagesAreStillPulledDoesNotWaitForThemAndNothingIsCreatedAfterIt() throws InterruptedException {
        fake.pullGate = new CountDownLatch(1);
        ContainerCleaner cleaner = new ContainerCleaner();
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(container("db", "db:1"))), cleaner, info -> fake);
        stage.prepare(new ContainersStage.Context(engineInfo, HostAccessPolicy.choose(engineInfo.mode()), session, work,
                Reporter.warningsTo(warnings::add)));
        stage.createEarly(CONTROL_PLANE, new ApiServerAddress("host.containers.internal", "6443"));

        // as a failed start's stop does (the engine is unreachable here, so only the waiting is exercised)
        cleaner.clean(session, Reporter.silent());
        fake.pullGate.countDown();
        stage.abandon();
        Thread.sleep(200);

        assertFalse(fake.happened("create db"), "a creation still waiting for its image never happens: " + fake.events);
    }

    @Test
    void containersThatNeedNothingFromTheStartAreReadyBeforeItAndTheRestWait() throws Exception {
        java.nio.file.Path d = java.nio.file.Files.createDirectories(work.resolve("sa"));
        ContainerCredentials app = new ContainerCredentials("default", "app", java.nio.file.Files.writeString(d.resolve("token"), "t"),
                java.nio.file.Files.writeString(d.resolve("ca.crt"), "ca"), java.nio.file.Files.writeString(d.resolve("kc"), "kind: Config"),
                "host.containers.internal", "6443");
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(container("db", "db:1"), container("cache", "cache:1", "db"),
                container("app", "app:1", "db").withServiceAccount(new ServiceAccountRef("app", CredentialsMode.IN_CLUSTER, null)),
                container("hook", "hook:1"), container("url", "url:1").withEnv(Map.of("API", "${envtest.container.url}")))),
                new ContainerCleaner(), info -> fake);
        stage.expectLateFiles(java.util.Set.of("hook"));
        stage.prepare(new ContainersStage.Context(engineInfo, HostAccessPolicy.choose(engineInfo.mode()), session, work,
                Reporter.warningsTo(warnings::add)));
        for (int i = 0; i < 3000 && !fake.happened("ready cache"); i++) {
            Thread.sleep(10);
        }
        fake.event("start called");
        ContainersStage.Started started = stage.start(CredentialsSource.of(List.of(app)), CONTROL_PLANE::get);

        assertTrue(fake.indexOf("ready db") < fake.indexOf("start called"), "no ServiceAccount, no placeholder: " + fake.events);
        assertTrue(fake.indexOf("ready cache") < fake.indexOf("start called"), "depends only on such a one: " + fake.events);
        assertTrue(fake.indexOf("start cache") > fake.indexOf("ready db"), "dependsOn still holds: " + fake.events);
        for (String waits : List.of("app", "hook", "url")) {
            assertTrue(fake.indexOf("start " + waits) > fake.indexOf("start called"), waits + " waits for start: " + fake.events);
        }
        assertEquals(java.util.Set.of("db", "cache", "app", "hook", "url"),
                started.containers().stream().map(RunningContainer::name).collect(java.util.stream.Collectors.toSet()));
        assertTrue(started.properties().containsKey("envtest.containers.db.id"), started.properties().toString());
    }

    @Test
    void aContainerStartedBesideTheControlPlaneThatFailsIsReportedBeforeTheStartGoesOn() throws InterruptedException {
        fake.scripts.put("db", Script.EXITS);
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(container("db", "db:1"))), new ContainerCleaner(), info -> fake);
        stage.prepare(new ContainersStage.Context(engineInfo, HostAccessPolicy.choose(engineInfo.mode()), session, work,
                Reporter.warningsTo(warnings::add)));
        // until it has failed the check reports nothing; once it has, the check throws its error
        ContainerException e = null;
        for (int i = 0; i < 3000 && e == null; i++) {
            try {
                stage.throwIfStartedBesideFailed();
                Thread.sleep(10);
            } catch (ContainerException failed) {
                e = failed;
            }
        }
        assertTrue(e != null && e.getMessage().startsWith("container 'db' (db:1) exited with code 3 before it was ready"),
                String.valueOf(e));
        stage.abandon();
    }

    @Test
    void aVolumeTwoContainersNameIsCreatedOnceRecordedAndMountedInBoth() {
        run(container("db", "db:1").withVolumes(Map.of("shared", "/data")),
                container("app", "app:1", "db").withVolumes(Map.of("shared", "/import")));
        assertEquals(1, fake.events.stream().filter(e -> e.startsWith("volume ")).count(), fake.events.toString());
        assertTrue(fake.events.indexOf("volume envtest-01234567-shared") < fake.events.indexOf("create db"), fake.events.toString());
        assertEquals(Map.of("envtest-01234567-shared", "/data"), fake.creations.get("db").volumes());
        assertEquals(Map.of("envtest-01234567-shared", "/import"), fake.creations.get("app").volumes());
        assertTrue(session.resources().stream().anyMatch(r -> r.kind.equals(ContainerCleaner.VOLUME) && r.id.equals("envtest-01234567-shared")));
    }

    @Test
    void placeholdersUseTheManifestsSyntaxWithItsEscapeAndWarning() {
        run(container("app", "app:1").withEnv(Map.of("KUBE_API", "${envtest.container.url}", "SCRIPT", "echo ${HOME} $${envtest.url}"))
                .withArgs(List.of("--db=${envtest.containers.db.url.5432}")));

        ContainerEngine.Creation app = fake.creations.get("app");
        assertTrue(app.env().contains("KUBE_API=https://host.containers.internal:6443"), app.env().toString());
        assertTrue(app.env().contains("SCRIPT=echo ${HOME} ${envtest.url}"), "unknown kept, escape unescaped: " + app.env());
        assertEquals(List.of("--db=${envtest.containers.db.url.5432}"), app.cmd());
        assertEquals(List.of("container 'app': ${HOME} in env SCRIPT is not an exported property; left as written",
                "container 'app': ${envtest.containers.db.url.5432} in args is not an exported property; left as written"),
                warnings);
    }

    @Test
    void dependentsStartOnlyAfterWhatTheyDependOnIsReadyAndAnImageIsPulledOnce() {
        ContainersStage.Started started = run(container("db", "db:1"), container("cache", "db:1"),
                container("app", "app:1", "db", "cache"));

        assertEquals(List.of("db", "cache", "app"), started.containers().stream().map(RunningContainer::name).toList());
        assertEquals("envtest-01234567", started.network());
        assertTrue(fake.indexOf("create app") > fake.indexOf("ready db"), fake.events.toString());
        assertTrue(fake.indexOf("create app") > fake.indexOf("ready cache"), fake.events.toString());
        assertTrue(fake.indexOf("create db") > fake.indexOf("network envtest-01234567"), "the network exists before any container");
        assertEquals(2, fake.pulls.get(), "db:1 is pulled once for two containers, app:1 once: " + fake.events);
        assertEquals("db", fake.nameById.get(started.properties().get("envtest.containers.db.id")));
        assertEquals("envtest-01234567", started.properties().get("envtest.containers.network"));
        assertTrue(fake.closed, "the engine is closed once the containers are ready");
        List<String> recorded = session.resources().stream().map(r -> r.kind + ":" + r.name).toList();
        assertTrue(recorded.containsAll(List.of("network:envtest-01234567", "container:envtest-01234567-db",
                "container:envtest-01234567-cache", "container:envtest-01234567-app")), recorded.toString());
    }

    @Test
    void aFailureIsReportedAloneAndTheStartsItAbandonedAreNot() {
        fake.scripts.put("db", Script.EXITS);
        fake.scripts.put("slow", Script.NEVER_READY);

        ContainerException e = assertThrows(ContainerException.class,
                () -> run(container("db", "db:1"), container("slow", "slow:1"), container("app", "app:1", "db")));

        assertFalse(e instanceof StartAbandonedException);
        assertTrue(e.getMessage().startsWith("container 'db' (db:1) exited with code 3 before it was ready"), e.getMessage());
        assertTrue(e.getMessage().contains("  | fatal: db cannot run"), "the log tail is quoted: " + e.getMessage());
        assertFalse(e.getMessage().contains("abandoned"), "the abandoned start of 'slow' is a consequence: " + e.getMessage());
        assertFalse(e.getMessage().contains("'slow'"), e.getMessage());
        assertFalse(fake.happened("create app"), "what depends on the failed container is never created");
        assertTrue(fake.closed, "the engine is closed after a failed start too");
    }

    @Test
    void independentFailuresAreAllReportedInOneError() {
        fake.scripts.put("one", Script.EXITS);
        fake.scripts.put("two", Script.EXITS);
        fake.exitTogether = new CountDownLatch(2);

        ContainerException e = assertThrows(ContainerException.class, () -> run(container("one", "one:1"), container("two", "two:1")));

        List<String> lines = e.getMessage().lines().filter(l -> l.startsWith("container '")).toList();
        assertEquals(2, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith("container 'one'") && lines.get(1).startsWith("container 'two'"), e.getMessage());
    }

    @Test
    void anImageThatCannotBePulledFailsTheStartNamingTheContainerAndTheFix() {
        fake.pullFailure = Optional.of("manifest unknown");

        ContainerException e = assertThrows(ContainerException.class, () -> run(container("db", "db:1")));

        assertEquals("container 'db': pulling db:1 failed: manifest unknown\nThe registry docker.io has no image library/db with tag 1."
                + "\nFix: correct the image name or tag (the registry lists a repository's tags at"
                + " https://docker.io/v2/library/db/tags/list), or push it first.", e.getMessage());
        assertFalse(fake.happened("create db"));
    }

    @Test
    void anAbandonedStartIsItsOwnType() {
        ContainerException e = new StartAbandonedException("x");
        assertInstanceOf(ContainerException.class, e);
        assertEquals("container 'x': start abandoned because another container failed", e.getMessage());
    }
}
