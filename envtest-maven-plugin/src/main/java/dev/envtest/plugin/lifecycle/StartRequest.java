package dev.envtest.plugin.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user asked for, as plain values (the Mojo's parameters, not yet resolved).
 *
 * @param workDirectory     {@code target/envtest}
 * @param kubernetesVersion exact, wildcard or latest
 * @param binaryDirectory   a directory holding etcd and kube-apiserver, if configured
 * @param bindAddress       {@code auto} or an IP of this machine
 * @param containerHost     {@code auto} or the name/IP containers dial
 * @param extraSans         extra serving certificate names
 * @param apiServerPort     0 for free
 * @param etcdPort          0 for free
 * @param apiServerArgs     extra/replacing kube-apiserver flags
 * @param etcdArgs          extra/replacing etcd flags
 * @param startupTimeout    readiness deadline
 * @param dockerHost        an explicit engine endpoint
 * @param env               the environment to read (TEST_ASSET_*, KUBEBUILDER_ASSETS, DOCKER_HOST, XDG_*)
 * @param home              the user's home directory
 * @param stopOnExit        stop everything when this JVM exits before {@code stop} ran (false when the goal was
 *                          invoked on its own, to keep envtest up for an IDE until {@code mvn envtest:stop})
 * @param identities        CRDs, manifests and ServiceAccounts to provision once the API server is ready
 * @param binarySources     where missing binaries are installed from (store, binaryArtifact, release index, offline)
 */
public record StartRequest(
        Path workDirectory,
        String kubernetesVersion,
        Optional<Path> binaryDirectory,
        String bindAddress,
        String containerHost,
        List<String> extraSans,
        int apiServerPort,
        int etcdPort,
        List<String> apiServerArgs,
        List<String> etcdArgs,
        Duration startupTimeout,
        Optional<String> dockerHost,
        Map<String, String> env,
        Path home,
        boolean stopOnExit,
        dev.envtest.plugin.identities.IdentitiesRequest identities,
        dev.envtest.plugin.binaries.BinarySources binarySources) {

    public static final String AUTO = "auto";

    /** A request without identities to provision. */
    public StartRequest(Path workDirectory, String kubernetesVersion, Optional<Path> binaryDirectory, String bindAddress,
            String containerHost, List<String> extraSans, int apiServerPort, int etcdPort, List<String> apiServerArgs,
            List<String> etcdArgs, Duration startupTimeout, Optional<String> dockerHost, Map<String, String> env, Path home,
            boolean stopOnExit) {
        this(workDirectory, kubernetesVersion, binaryDirectory, bindAddress, containerHost, extraSans, apiServerPort, etcdPort,
                apiServerArgs, etcdArgs, startupTimeout, dockerHost, env, home, stopOnExit,
                dev.envtest.plugin.identities.IdentitiesRequest.none());
    }

    /** A request that installs missing binaries from the default sources (setup-envtest store, then download). */
    public StartRequest(Path workDirectory, String kubernetesVersion, Optional<Path> binaryDirectory, String bindAddress,
            String containerHost, List<String> extraSans, int apiServerPort, int etcdPort, List<String> apiServerArgs,
            List<String> etcdArgs, Duration startupTimeout, Optional<String> dockerHost, Map<String, String> env, Path home,
            boolean stopOnExit, dev.envtest.plugin.identities.IdentitiesRequest identities) {
        this(workDirectory, kubernetesVersion, binaryDirectory, bindAddress, containerHost, extraSans, apiServerPort, etcdPort,
                apiServerArgs, etcdArgs, startupTimeout, dockerHost, env, home, stopOnExit, identities,
                dev.envtest.plugin.binaries.BinarySources.defaults());
    }

    /** The same request with other binary sources. */
    public StartRequest withBinarySources(dev.envtest.plugin.binaries.BinarySources sources) {
        return new StartRequest(workDirectory, kubernetesVersion, binaryDirectory, bindAddress, containerHost, extraSans,
                apiServerPort, etcdPort, apiServerArgs, etcdArgs, startupTimeout, dockerHost, env, home, stopOnExit, identities,
                sources);
    }

    public Path sessionFile() {
        return workDirectory.resolve("session.json");
    }

    public Path propertiesFile() {
        return workDirectory.resolve("envtest.properties");
    }
}
