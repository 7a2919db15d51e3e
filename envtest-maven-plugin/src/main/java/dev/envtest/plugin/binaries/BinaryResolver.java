package dev.envtest.plugin.binaries;

import dev.envtest.plugin.binaries.ControlPlaneBinaries.ResolvedBinary;
import dev.envtest.plugin.session.Reporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds etcd, kube-apiserver and kubectl, each on its own, in this order (first hit wins):
 * <ol>
 *   <li>{@code TEST_ASSET_ETCD}, {@code TEST_ASSET_KUBE_APISERVER}, {@code TEST_ASSET_KUBECTL};</li>
 *   <li>the configured binary directory;</li>
 *   <li>{@code $KUBEBUILDER_ASSETS};</li>
 *   <li>the setup-envtest store, for the newest installed version the selector accepts.</li>
 * </ol>
 * When etcd or kube-apiserver is still missing, and the build is not offline, the version is installed into the
 * store from the configured Maven artifact ({@code binaryArtifact}) if there is one, else downloaded from the
 * release index; the missing binaries then come from that directory.
 * A file that exists but cannot be executed is an error, not a miss: it names the file and the fix.
 */
public final class BinaryResolver {

    private final Map<String, String> env;
    private final Optional<Path> binaryDirectory;
    private final EnvtestStore store;
    private final KubernetesVersion version;
    private final Optional<BinarySources> sources;
    private final Reporter reporter;

    /** Looks only at what is installed (no artifact, no download). */
    public BinaryResolver(Map<String, String> env, Optional<Path> binaryDirectory, EnvtestStore store,
            KubernetesVersion version, Reporter reporter) {
        this(env, binaryDirectory, store, version, Optional.empty(), reporter);
    }

    /** The whole chain: installs from {@code sources} (artifact or download) when nothing installed fits. */
    public BinaryResolver(Map<String, String> env, Optional<Path> binaryDirectory, EnvtestStore store,
            KubernetesVersion version, BinarySources sources, Reporter reporter) {
        this(env, binaryDirectory, store, version, Optional.of(sources), reporter);
    }

    /**
     * The chain for this machine: parses the version (an {@link IllegalArgumentException} names a bad one) and
     * picks the store from {@code sources} (its {@code storeDirectory}, else setup-envtest's default).
     */
    public static BinaryResolver forThisMachine(String kubernetesVersion, Optional<Path> binaryDirectory, BinarySources sources,
            Map<String, String> env, Path home, Reporter reporter) {
        KubernetesVersion version = KubernetesVersion.parse(kubernetesVersion);
        EnvtestStore store = sources.store(Platform.current(), env, home);
        reporter.debug("Binaries: Kubernetes " + version + " for " + store.platform() + ", store " + store.root()
                + (sources.offline() ? ", offline" : sources.artifact().map(a -> ", binaryArtifact " + a)
                        .orElse(", release index " + sources.indexUrl())));
        return new BinaryResolver(env, binaryDirectory, store, version, sources, reporter);
    }

    private BinaryResolver(Map<String, String> env, Optional<Path> binaryDirectory, EnvtestStore store,
            KubernetesVersion version, Optional<BinarySources> sources, Reporter reporter) {
        this.env = env;
        this.binaryDirectory = binaryDirectory;
        this.store = store;
        this.version = version;
        this.sources = sources;
        this.reporter = reporter;
    }

    public ControlPlaneBinaries resolve() {
        List<String> missing = new ArrayList<>();
        Optional<ResolvedBinary> etcd = find("etcd", missing);
        Optional<ResolvedBinary> apiServer = find("kube-apiserver", missing);
        Optional<ResolvedBinary> kubectl = find("kubectl", new ArrayList<>());
        if (etcd.isPresent() && apiServer.isPresent()) {
            return new ControlPlaneBinaries(etcd.get(), apiServer.get(), kubectl);
        }
        if (sources.isEmpty()) {
            throw new BinaryNotFoundException(String.join("\n", missing) + "\n" + howToFill());
        }
        BinarySources from = sources.get();
        Installed installed = from.offline() ? installOffline(from, missing) : install(from);
        etcd = etcd.or(() -> fromInstalled("etcd", installed));
        apiServer = apiServer.or(() -> fromInstalled("kube-apiserver", installed));
        kubectl = kubectl.or(() -> fromInstalled("kubectl", installed));
        if (etcd.isEmpty() || apiServer.isEmpty()) {
            throw new BinaryNotFoundException(installed.directory() + " (" + installed.source() + ") lacks etcd or kube-apiserver.");
        }
        return new ControlPlaneBinaries(etcd.get(), apiServer.get(), kubectl);
    }

    /** Offline, only a binaryArtifact already in the local Maven repository can still be installed. */
    private Installed installOffline(BinarySources from, List<String> missing) {
        String artifactNote = "";
        if (from.artifact().isPresent()) {
            try {
                reporter.debug("Offline; looking for binaryArtifact " + from.artifact().get() + " in the local Maven repository");
                return new ArtifactInstaller(from.artifactResolver(), store, reporter).install(from.artifact().get(), true, version);
            } catch (BinaryNotFoundException e) {
                artifactNote = "\n  - binaryArtifact " + from.artifact().get() + ": " + e.getMessage();
            }
        }
        throw new BinaryNotFoundException("Offline (envtest.offline=true or mvn -o): nothing is downloaded, and Kubernetes "
                + version + " for " + store.platform() + " is not installed.\n" + String.join("\n", missing) + artifactNote
                + "\n" + howToFill() + "\n  - or run once online: ./mvnw envtest:binaries -Denvtest.kubernetesVersion=" + version);
    }

    private Installed install(BinarySources from) {
        if (from.artifact().isPresent()) {
            reporter.debug("Nothing installed fits Kubernetes " + version + "; resolving binaryArtifact " + from.artifact().get());
            return new ArtifactInstaller(from.artifactResolver(), store, reporter).install(from.artifact().get(), false, version);
        }
        reporter.debug("Nothing installed fits Kubernetes " + version + "; downloading through " + from.indexUrl());
        return new ReleaseDownloader(from.indexUrl(), new HttpFetcher(from.proxies()), store, reporter).install(version);
    }

    private Optional<ResolvedBinary> fromInstalled(String name, Installed installed) {
        Path file = installed.directory().resolve(store.platform().executable(name));
        return Files.isRegularFile(file) ? Optional.of(new ResolvedBinary(name, file, installed.source())) : Optional.empty();
    }

    /** The places one binary is looked for, in order, as (description, path) pairs. */
    public List<Candidate> candidates(String name) {
        List<Candidate> places = new ArrayList<>();
        String envName = "TEST_ASSET_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        String explicit = env.get(envName);
        places.add(new Candidate(envName, explicit == null || explicit.isBlank() ? null : Path.of(explicit)));
        String exe = store.platform().executable(name);
        places.add(new Candidate("binaryDirectory (-Denvtest.binaryDirectory)", binaryDirectory.map(d -> d.resolve(exe)).orElse(null)));
        String assets = env.get("KUBEBUILDER_ASSETS");
        places.add(new Candidate("KUBEBUILDER_ASSETS", assets == null || assets.isBlank() ? null : Path.of(assets, exe)));
        Optional<String> installed = store.newestInstalled(version);
        Path inStore = installed.map(v -> store.versionDirectory(v).resolve(exe))
                .orElseGet(() -> version.exact() ? store.versionDirectory(version.exactText()).resolve(exe) : store.root().resolve("k8s"));
        places.add(new Candidate("setup-envtest store for Kubernetes " + version, inStore));
        return places;
    }

    private Optional<ResolvedBinary> find(String name, List<String> missing) {
        List<String> looked = new ArrayList<>();
        for (Candidate c : candidates(name)) {
            if (c.path() == null) {
                looked.add("  - " + c.source() + ": not set");
                reporter.debug(name + ": " + c.source() + " not set");
                continue;
            }
            if (Files.isRegularFile(c.path())) {
                if (!Files.isExecutable(c.path())) {
                    throw new BinaryNotFoundException(name + " at " + c.path() + " (from " + c.source()
                            + ") is not executable. Fix: chmod +x " + c.path() + ", or point " + c.source() + " elsewhere.");
                }
                reporter.debug(name + ": found " + c.path() + " (" + c.source() + ")");
                return Optional.of(new ResolvedBinary(name, c.path(), c.source()));
            }
            looked.add("  - " + c.source() + ": " + c.path() + " (no such file)");
            reporter.debug(name + ": " + c.source() + " has no " + c.path());
        }
        missing.add(name + " was not found. Looked at:\n" + String.join("\n", looked));
        return Optional.empty();
    }

    private String howToFill() {
        String exact = version.exact() ? version.exactText() : "<version>";
        return "Fill one of them, for example:\n"
                + "  - run setup-envtest: setup-envtest use " + exact + " --bin-dir " + store.root() + "\n"
                + "  - or set -Denvtest.binaryDirectory=/path/to/dir holding etcd and kube-apiserver\n"
                + "  - or export KUBEBUILDER_ASSETS=/path/to/dir (or TEST_ASSET_ETCD and TEST_ASSET_KUBE_APISERVER)\n"
                + "  - or install them into " + (version.exact() ? store.versionDirectory(exact) : store.root().resolve("k8s/<X.Y.Z>-" + store.platform()));
    }

    /** One place a binary may be: where the setting came from, and the file it names (null when not set). */
    public record Candidate(String source, Path path) {
    }
}
