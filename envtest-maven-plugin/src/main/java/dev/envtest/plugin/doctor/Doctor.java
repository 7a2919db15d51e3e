package dev.envtest.plugin.doctor;

import dev.envtest.plugin.binaries.BinaryNotFoundException;
import dev.envtest.plugin.binaries.BinaryResolver;
import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.binaries.EnvtestStore;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.binaries.Platform;
import dev.envtest.plugin.binaries.StoreLock;
import dev.envtest.plugin.controlplane.BinaryFeatures;
import dev.envtest.plugin.controlplane.ControlPlaneException;
import dev.envtest.plugin.controlplane.LocalAddresses;
import dev.envtest.plugin.controlplane.Ports;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineDiscovery;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.PodmanCli;
import dev.envtest.plugin.lifecycle.HostAccessChoice;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.pki.SubjectAlternativeName;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.WorkDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What {@code start} would find and choose for a request, checked one topic at a time without starting or changing
 * anything: the engine (every socket tried), the host access {@code auto} picks and why, whether that address and
 * port can be bound now, the binaries (or why none), the store and its locks, the work directory, the Maven and Java
 * versions, and, with a {@link ProbeRequest}, a container connecting back over verified TLS ({@link ConnectBack}).
 * Every check is the stages' own code (discovery, {@link HostAccessChoice}, {@link Ports}, {@link BinaryResolver}).
 */
public final class Doctor {

    private final Reporter reporter;
    private final Function<StartRequest, EngineDiscovery> discoveries;

    public Doctor(Reporter reporter) {
        this(reporter, r -> new EngineDiscovery(r.dockerHost(), r.env(), Platform.current().os(), EngineClient.factory(),
                PodmanCli.onPath(), reporter));
    }

    /** With another discovery (tests: engines that never answer). */
    Doctor(Reporter reporter, Function<StartRequest, EngineDiscovery> discoveries) {
        this.reporter = reporter;
        this.discoveries = discoveries;
    }

    public Diagnosis examine(StartRequest request, Optional<ProbeRequest> probe, String mavenVersion) {
        List<Finding> findings = new ArrayList<>();
        EngineDiscovery.Result engine = discoveries.apply(request).discover();
        findings.add(engine(request, engine));
        Placement placement = placement(request, engine.engine());
        findings.add(placement.finding());
        Optional<Integer> port = Optional.empty();
        if (placement.bind() != null) {
            Finding bind = bind(request, placement.bind());
            findings.add(bind);
            if (!bind.failed()) {
                port = Optional.of(request.apiServerPort());
            }
        }
        Optional<Finding> existing = ExistingClusterCheck.examine(request);
        existing.ifPresent(findings::add);
        if (existing.isPresent()) {
            findings.add(Finding.ok("binaries", List.of("not needed: cluster=existing starts no control plane")));
        } else {
            findings.add(binaries(request));
            findings.add(store(request));
        }
        findings.add(workDirectory(request));
        findings.add(Finding.ok("versions", List.of(mavenVersion + ", Java " + System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")")));
        if (probe.isPresent()) {
            if (!engine.engine().available() || placement.bind() == null || port.isEmpty()) {
                findings.add(Finding.fail("container probe", List.of("not run: it needs an engine and an address that can be"
                        + " bound (see above)")));
            } else {
                findings.add(new ConnectBack(reporter).run(probe.get(), engine.engine(), placement.access(), placement.bind(),
                        port.get(), placement.sans(), WorkDirectory.of(request.workDirectory()).log("doctor-probe")));
            }
        }
        return new Diagnosis(findings);
    }

    private static Finding engine(StartRequest request, EngineDiscovery.Result result) {
        List<String> lines = new ArrayList<>();
        EngineInfo info = result.engine();
        List<String> tried = new ArrayList<>(result.attempts().stream().map(a -> "tried " + a).toList());
        Optional<String> named = request.dockerHost().filter(h -> !h.isBlank());
        if (!info.available() && named.isPresent()) {
            // a configured dockerHost is the only engine start uses: no other socket is tried in its place
            lines.add("the dockerHost you set (" + named.get() + ") did not answer, and start uses no other engine in its place:"
                    + " start fails whenever it needs the engine. Fix: correct -Denvtest.dockerHost, start the engine there, or"
                    + " leave it out to let start find one");
            lines.addAll(tried);
            lines.add(result.explainNone().replaceFirst("(?s)^.*\nStart ", "Fix: start "));
            return Finding.fail("engine", lines);
        }
        if (!info.available()) {
            lines.add("none answered; start would fail as soon as containers are configured (without containers it serves"
                    + " host-side tests on loopback only)");
            lines.addAll(tried);
            lines.add(result.explainNone().replaceFirst("(?s)^.*\nStart ", "Fix: start "));
            return Finding.fail("engine", lines);
        }
        tried.add("tried " + result.source() + " " + info.dockerHost() + ": answered");
        lines.add(info.product() + " " + info.version() + " (API " + info.apiVersion() + "), mode " + info.mode() + " ("
                + info.mode().description() + "), at " + info.dockerHost());
        lines.addAll(tried);
        Optional<String> configured = request.dockerHost().filter(h -> !h.isBlank());
        if (configured.isPresent() && !result.source().equals(EngineDiscovery.PARAMETER_SOURCE)) {
            lines.add("the dockerHost you set (" + configured.get() + ") did not answer, so start would use " + info.dockerHost()
                    + " instead. Fix: correct -Denvtest.dockerHost, or leave it out to use the one found");
            return Finding.fail("engine", lines);
        }
        return Finding.ok("engine", lines);
    }

    /** The host access start would choose, the serving certificate's names, and the bind address as an IP. */
    private record Placement(Finding finding, HostAccess access, InetAddress bind, List<SubjectAlternativeName> sans) {
    }

    private static Placement placement(StartRequest request, EngineInfo engine) {
        HostAccessChoice choice = request.hostAccessChoice();
        HostAccess access = choice.choose(engine.mode());
        List<String> lines = new ArrayList<>();
        lines.add("bind " + access.bindAddress() + (choice.autoBindAddress() ? " (auto)" : " (configured)") + ", containers dial "
                + access.containerHost() + (choice.autoContainerHost() ? " (auto)" : " (configured)")
                + access.addHost().map(h -> " with --add-host " + h).orElse(""));
        lines.add("why: " + access.reason());
        InetAddress bind;
        try {
            bind = LocalAddresses.parseLiteral(access.bindAddress(), "bindAddress");
            LocalAddresses.requireLocal(bind, "bindAddress");
        } catch (ControlPlaneException e) {
            lines.add(e.getMessage());
            return new Placement(Finding.fail("host access", lines), access, null, List.of());
        }
        List<SubjectAlternativeName> sans;
        try {
            sans = ControlPlanePki.servingNames(choice.servingNames(request.extraSans()));
        } catch (IllegalArgumentException e) {
            lines.add("extraSans/containerHost: " + e.getMessage() + ". Fix: give DNS names (host.example) or IP addresses.");
            return new Placement(Finding.fail("host access", lines), access, bind, List.of());
        }
        lines.add("serving certificate names: " + String.join(", ", sans.stream().map(SubjectAlternativeName::toString).toList()));
        return new Placement(Finding.ok("host access", lines), access, bind, sans);
    }

    private static Finding bind(StartRequest request, InetAddress bind) {
        String host = LocalAddresses.urlHost(bind.getHostAddress());
        try {
            int port = Ports.freeOrFail(bind, request.apiServerPort(), "apiServerPort");
            List<String> lines = new ArrayList<>();
            lines.add(host + ":" + port + " can be bound now" + (request.apiServerPort() == 0
                    ? " (apiServerPort=0: start takes a free port, such as this one)" : " (apiServerPort)"));
            if (request.etcdPort() != 0) {
                Ports.freeOrFail(InetAddress.getLoopbackAddress(), request.etcdPort(), "etcdPort");
                lines.add("127.0.0.1:" + request.etcdPort() + " can be bound now (etcdPort)");
            }
            return Finding.ok("bind", lines);
        } catch (ControlPlaneException e) {
            return Finding.fail("bind", List.of(e.getMessage()));
        }
    }

    private Finding binaries(StartRequest request) {
        BinarySources sources = request.binarySources();
        KubernetesVersion version;
        try {
            version = KubernetesVersion.parse(request.kubernetesVersion());
        } catch (IllegalArgumentException e) {
            return Finding.fail("binaries", List.of(e.getMessage()));
        }
        EnvtestStore store = sources.store(Platform.current(), request.env(), request.home());
        // only what is installed: the doctor never downloads or installs
        BinaryResolver resolver = new BinaryResolver(request.env(), request.binaryDirectory(), store, version, Reporter.silent());
        try {
            ControlPlaneBinaries found = resolver.resolve();
            return Finding.ok("binaries", List.of(
                    "kube-apiserver " + found.kubeApiServer().path() + " (" + found.kubeApiServer().source() + "): "
                            + BinaryFeatures.uncached().version(found.kubeApiServer().path()),
                    "etcd " + found.etcd().path() + " (" + found.etcd().source() + "): " + BinaryFeatures.uncached().version(found.etcd().path())
                            .lines().findFirst().orElse("")));
        } catch (BinaryNotFoundException e) {
            List<String> lines = new ArrayList<>(List.of("Kubernetes " + version + " is not installed where start looks first:",
                    e.getMessage()));
            if (!unusableFile(resolver).isEmpty()) {
                return Finding.fail("binaries", List.of(unusableFile(resolver)));
            }
            if (sources.offline()) {
                lines.add("offline (envtest.offline or mvn -o): start would fail. Fix: run once online, ./mvnw envtest:binaries");
                return Finding.fail("binaries", lines);
            }
            lines.add(sources.artifact().map(a -> "start would install binaryArtifact " + a + " into " + store.root())
                    .orElse("start would download them from " + sources.indexUrl() + " into " + store.root()));
            return Finding.warn("binaries", List.of(String.join("\n", lines)));
        }
    }

    /** A binary that exists where start looks but cannot be executed: start fails on it instead of downloading. */
    private static String unusableFile(BinaryResolver resolver) {
        for (String name : List.of("etcd", "kube-apiserver")) {
            for (BinaryResolver.Candidate c : resolver.candidates(name)) {
                if (c.path() != null && Files.isRegularFile(c.path()) && !Files.isExecutable(c.path())) {
                    return name + " at " + c.path() + " (from " + c.source() + ") is not executable. Fix: chmod +x " + c.path()
                            + ", or point " + c.source() + " elsewhere.";
                }
            }
        }
        return "";
    }

    private static Finding store(StartRequest request) {
        EnvtestStore store = request.binarySources().store(Platform.current(), request.env(), request.home());
        Path root = store.root();
        List<String> lines = new ArrayList<>();
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean writable = existing != null && Files.isWritable(existing);
        lines.add(root + (Files.isDirectory(root) ? "" : " (does not exist yet)") + (writable ? ", writable"
                : ", not writable: start cannot install into it. Fix: -Denvtest.storeDirectory or XDG_DATA_HOME"));
        List<String> held = new ArrayList<>();
        int free = 0;
        if (Files.isDirectory(store.k8sDirectory())) {
            try (Stream<Path> files = Files.list(store.k8sDirectory())) {
                for (Path lock : files.filter(f -> f.getFileName().toString().endsWith(".lock")).sorted().toList()) {
                    if (StoreLock.heldElsewhere(lock)) {
                        held.add(lock.getFileName().toString());
                    } else {
                        free++;
                    }
                }
            } catch (IOException e) {
                lines.add("could not list " + store.k8sDirectory() + ": " + e.getMessage());
            }
        }
        lines.add(held.isEmpty() ? "locks: " + (free == 0 ? "none" : free + " lock file(s), none held")
                : "locks held by another build now (an install in progress; start would wait for it): " + String.join(", ", held));
        return writable ? Finding.ok("store", lines) : Finding.warn("store", lines);
    }

    private static Finding workDirectory(StartRequest request) {
        Path work = request.workDirectory().toAbsolutePath().normalize();
        Optional<SessionFile> session;
        try {
            session = SessionFile.load(request.sessionFile());
        } catch (RuntimeException e) {
            return Finding.warn("work directory", List.of(work + ": " + e.getMessage()));
        }
        if (session.isEmpty()) {
            return Finding.ok("work directory", List.of(work + ": no envtest recorded there"));
        }
        long alive = session.get().processes().stream().filter(p -> p.live().isPresent()).count();
        return Finding.ok("work directory", List.of(work + ": an earlier start is recorded (" + alive + " process(es) still"
                + " running, " + session.get().resources().size() + " engine resource(s)); start stops them first, or run"
                + " mvn envtest:stop"));
    }
}
