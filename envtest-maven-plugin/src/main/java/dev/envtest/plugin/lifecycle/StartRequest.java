package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the user asked for, as plain values (the Mojo's parameters, not yet resolved). Built by name with
 * {@link #builder(Path)}: every value but the work directory has the default the {@code start} goal has.
 */
public final class StartRequest {

    public static final String AUTO = "auto";

    private final Path workDirectory;
    private final String kubernetesVersion;
    private final Optional<Path> binaryDirectory;
    private final String bindAddress;
    private final String containerHost;
    private final List<String> extraSans;
    private final int apiServerPort;
    private final int etcdPort;
    private final List<String> apiServerArgs;
    private final List<String> etcdArgs;
    private final Duration startupTimeout;
    private final Optional<String> dockerHost;
    private final Map<String, String> env;
    private final Path home;
    private final boolean stopOnExit;
    private final boolean warmEtcd;
    private final OptionalLong goalStarted;
    private final IdentitiesRequest identities;
    private final BinarySources binarySources;
    private final String cluster;
    private final Optional<String> existingKubeconfig;
    private final Optional<String> existingContext;
    private final Optional<String> containerApiServerUrl;

    private StartRequest(Builder b) {
        this.workDirectory = b.workDirectory;
        this.kubernetesVersion = b.kubernetesVersion;
        this.binaryDirectory = b.binaryDirectory;
        this.bindAddress = b.bindAddress;
        this.containerHost = b.containerHost;
        this.extraSans = List.copyOf(b.extraSans);
        this.apiServerPort = b.apiServerPort;
        this.etcdPort = b.etcdPort;
        this.apiServerArgs = List.copyOf(b.apiServerArgs);
        this.etcdArgs = List.copyOf(b.etcdArgs);
        this.startupTimeout = b.startupTimeout;
        this.dockerHost = b.dockerHost;
        this.env = b.env;
        this.home = b.home;
        this.stopOnExit = b.stopOnExit;
        this.warmEtcd = b.warmEtcd;
        this.goalStarted = b.goalStarted;
        this.identities = b.identities;
        this.binarySources = b.binarySources;
        this.cluster = b.cluster;
        this.existingKubeconfig = b.existingKubeconfig;
        this.existingContext = b.existingContext;
        this.containerApiServerUrl = b.containerApiServerUrl;
    }

    /** A request for {@code workDirectory} ({@code target/envtest}) with the {@code start} goal's defaults. */
    public static Builder builder(Path workDirectory) {
        return new Builder(workDirectory);
    }

    /** {@code target/envtest} */
    public Path workDirectory() {
        return workDirectory;
    }

    /** exact, wildcard or latest */
    public String kubernetesVersion() {
        return kubernetesVersion;
    }

    /** a directory holding etcd and kube-apiserver, if configured */
    public Optional<Path> binaryDirectory() {
        return binaryDirectory;
    }

    /** {@code auto} or an IP of this machine */
    public String bindAddress() {
        return bindAddress;
    }

    /** {@code auto} or the name/IP containers dial */
    public String containerHost() {
        return containerHost;
    }

    /** extra serving certificate names */
    public List<String> extraSans() {
        return extraSans;
    }

    /** 0 for free */
    public int apiServerPort() {
        return apiServerPort;
    }

    /** 0 for free */
    public int etcdPort() {
        return etcdPort;
    }

    /** extra/replacing kube-apiserver flags */
    public List<String> apiServerArgs() {
        return apiServerArgs;
    }

    /** extra/replacing etcd flags */
    public List<String> etcdArgs() {
        return etcdArgs;
    }

    /** readiness deadline */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** an explicit engine endpoint */
    public Optional<String> dockerHost() {
        return dockerHost;
    }

    /** the environment to read (TEST_ASSET_*, KUBEBUILDER_ASSETS, DOCKER_HOST, XDG_*) */
    public Map<String, String> env() {
        return env;
    }

    /** the user's home directory */
    public Path home() {
        return home;
    }

    /**
     * Stop everything when this JVM exits before {@code stop} ran (false when the goal was invoked on its own, to
     * keep envtest up for an IDE until {@code mvn envtest:stop}).
     */
    public boolean stopOnExit() {
        return stopOnExit;
    }

    /**
     * When the goal began ({@link System#nanoTime()}), so that the start's timeline and "envtest ready in" count the
     * goal's own mapping of its parameters too; empty: from the call to start.
     */
    public OptionalLong goalStarted() {
        return goalStarted;
    }

    /** Whether etcd starts on a saved bootstrap of this Kubernetes and etcd (see {@code ControlPlane}'s EtcdSeeder). */
    public boolean warmEtcd() {
        return warmEtcd;
    }

    /** CRDs, manifests and ServiceAccounts to provision once the API server is ready */
    public IdentitiesRequest identities() {
        return identities;
    }

    /** where missing binaries are installed from (store, binaryArtifact, release index, offline) */
    public BinarySources binarySources() {
        return binarySources;
    }

    /** {@code envtest}, {@code existing}, or null/blank (then {@code USE_EXISTING_CLUSTER} decides); see ClusterChoice */
    public String cluster() {
        return cluster;
    }

    /** cluster=existing: the kubeconfig file, if configured (else KUBECONFIG, then ~/.kube/config) */
    public Optional<String> existingKubeconfig() {
        return existingKubeconfig;
    }

    /** cluster=existing: the context, if configured (else the kubeconfig's current-context) */
    public Optional<String> existingContext() {
        return existingContext;
    }

    /** cluster=existing: the URL containers dial, if configured (else derived from the kubeconfig's server) */
    public Optional<String> containerApiServerUrl() {
        return containerApiServerUrl;
    }

    /** The host-access half of the request: what is {@code auto} and what is configured. */
    public HostAccessChoice hostAccessChoice() {
        return new HostAccessChoice(bindAddress, containerHost);
    }

    public Path sessionFile() {
        return WorkDirectory.of(workDirectory).sessionFile();
    }

    public Path propertiesFile() {
        return WorkDirectory.of(workDirectory).propertiesFile();
    }

    /** Names every value; what is not set keeps the {@code start} goal's default. */
    public static final class Builder {
        private final Path workDirectory;
        private String kubernetesVersion = KubernetesVersion.DEFAULT;
        private Optional<Path> binaryDirectory = Optional.empty();
        private String bindAddress = AUTO;
        private String containerHost = AUTO;
        private List<String> extraSans = List.of();
        private int apiServerPort;
        private int etcdPort;
        private List<String> apiServerArgs = List.of();
        private List<String> etcdArgs = List.of();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Optional<String> dockerHost = Optional.empty();
        private Map<String, String> env = System.getenv();
        private Path home = Path.of(System.getProperty("user.home"));
        private boolean stopOnExit = true;
        private boolean warmEtcd = true;
        private OptionalLong goalStarted = OptionalLong.empty();
        private IdentitiesRequest identities = IdentitiesRequest.none();
        private BinarySources binarySources = BinarySources.defaults();
        private String cluster;
        private Optional<String> existingKubeconfig = Optional.empty();
        private Optional<String> existingContext = Optional.empty();
        private Optional<String> containerApiServerUrl = Optional.empty();

        private Builder(Path workDirectory) {
            this.workDirectory = Objects.requireNonNull(workDirectory, "workDirectory");
        }

        public Builder kubernetesVersion(String value) {
            this.kubernetesVersion = value;
            return this;
        }

        public Builder binaryDirectory(Optional<Path> value) {
            this.binaryDirectory = value;
            return this;
        }

        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        public Builder containerHost(String value) {
            this.containerHost = value;
            return this;
        }

        public Builder extraSans(List<String> value) {
            this.extraSans = value;
            return this;
        }

        public Builder apiServerPort(int value) {
            this.apiServerPort = value;
            return this;
        }

        public Builder etcdPort(int value) {
            this.etcdPort = value;
            return this;
        }

        public Builder apiServerArgs(List<String> value) {
            this.apiServerArgs = value;
            return this;
        }

        public Builder etcdArgs(List<String> value) {
            this.etcdArgs = value;
            return this;
        }

        public Builder startupTimeout(Duration value) {
            this.startupTimeout = value;
            return this;
        }

        public Builder dockerHost(Optional<String> value) {
            this.dockerHost = value;
            return this;
        }

        public Builder env(Map<String, String> value) {
            this.env = value;
            return this;
        }

        public Builder home(Path value) {
            this.home = value;
            return this;
        }

        public Builder stopOnExit(boolean value) {
            this.stopOnExit = value;
            return this;
        }

        public Builder warmEtcd(boolean value) {
            this.warmEtcd = value;
            return this;
        }

        public Builder goalStarted(long nanoTime) {
            this.goalStarted = OptionalLong.of(nanoTime);
            return this;
        }

        public Builder identities(IdentitiesRequest value) {
            this.identities = value;
            return this;
        }

        public Builder binarySources(BinarySources value) {
            this.binarySources = value;
            return this;
        }

        public Builder cluster(String value) {
            this.cluster = value;
            return this;
        }

        public Builder existingKubeconfig(Optional<String> value) {
            this.existingKubeconfig = value;
            return this;
        }

        public Builder existingContext(Optional<String> value) {
            this.existingContext = value;
            return this;
        }

        public Builder containerApiServerUrl(Optional<String> value) {
            this.containerApiServerUrl = value;
            return this;
        }

        public StartRequest build() {
            return new StartRequest(this);
        }
    }
}
