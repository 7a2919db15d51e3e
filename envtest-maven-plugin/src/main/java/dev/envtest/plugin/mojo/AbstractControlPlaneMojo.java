package dev.envtest.plugin.mojo;

import dev.envtest.plugin.lifecycle.StartRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters that decide where the control plane would listen and which engine its containers use: shared by
 * {@code start}, which acts on them, and {@code doctor}, which reports what they would give.
 */
abstract class AbstractControlPlaneMojo extends AbstractBinariesMojo {

    /**
     * The API server's {@code --bind-address}: {@code auto} picks the narrowest address the container engine's
     * containers reach (see the networking guide), or an IP of this machine.
     */
    @Parameter(property = "envtest.bindAddress", defaultValue = StartRequest.AUTO)
    private String bindAddress;

    /** The host name containers use for the API server: {@code auto} (the engine's own name for the host) or a name/IP. */
    @Parameter(property = "envtest.containerHost", defaultValue = StartRequest.AUTO)
    private String containerHost;

    /** More subject alternative names (DNS names or IPs) for the API server's serving certificate. */
    @Parameter(property = "envtest.extraSans")
    private List<String> extraSans = new ArrayList<>();

    /** The API server's secure port; 0 picks a free one. */
    @Parameter(property = "envtest.apiServerPort", defaultValue = "0")
    private int apiServerPort;

    /** etcd's client port; 0 picks a free one. */
    @Parameter(property = "envtest.etcdPort", defaultValue = "0")
    private int etcdPort;

    /** The container engine's API endpoint ({@code unix:///run/podman/podman.sock}); by default discovered. */
    @Parameter(property = "envtest.dockerHost")
    private String dockerHost;

    /**
     * Which API server the build uses: {@code envtest} (start etcd and kube-apiserver; the default) or {@code existing}
     * (a cluster that already runs, from {@code existingKubeconfig} and {@code existingContext}: nothing is started, what
     * the build creates there is labelled and deleted by {@code stop}). When not set, {@code USE_EXISTING_CLUSTER=true}
     * in the environment (as controller-runtime's envtest reads it) selects {@code existing}; a set value wins over it.
     * See the existing-cluster page.
     */
    @Parameter(property = "envtest.cluster")
    private String cluster;

    /**
     * {@code cluster=existing}: the kubeconfig to read (only read: nothing is ever written to it). Default: the first file
     * of {@code KUBECONFIG}, then {@code ~/.kube/config}. Its user property is not {@code envtest.kubeconfig}, which
     * {@code start} exports (a later execution would read the exported path back as its input).
     */
    @Parameter(property = "envtest.existingCluster.kubeconfig")
    private String existingKubeconfig;

    /** {@code cluster=existing}: the kubeconfig's context to use; default its current-context. */
    @Parameter(property = "envtest.existingCluster.context")
    private String existingContext;

    /**
     * {@code cluster=existing}: the API server URL containers dial, when the one derived from the kubeconfig's server
     * does not fit (a loopback server is rewritten to the engine's name for this machine only when the server's
     * certificate names it). Set, it always wins.
     */
    @Parameter(property = "envtest.containerApiServerUrl")
    private String containerApiServerUrl;

    /** A request with these parameters, the binaries' and the environment's; the goal adds its own. */
    protected StartRequest.Builder controlPlaneRequest(Path work) throws MojoExecutionException {
        return StartRequest.builder(work)
                .kubernetesVersion(kubernetesVersion)
                .binaryDirectory(binaryDirectoryPath())
                .bindAddress(echoesExport("bindAddress", "envtest.bindAddress") ? StartRequest.AUTO : bindAddress)
                .containerHost(containerHost)
                .extraSans(ParameterValues.nonBlank(extraSans))
                .apiServerPort(apiServerPort)
                .etcdPort(etcdPort)
                .dockerHost(Optional.ofNullable(dockerHost).filter(s -> !s.isBlank()))
                .env(System.getenv())
                .home(Path.of(System.getProperty("user.home")))
                .binarySources(binarySources())
                .cluster(cluster)
                .existingKubeconfig(ParameterValues.optional(existingKubeconfig))
                .existingContext(ParameterValues.optional(existingContext))
                .containerApiServerUrl(ParameterValues.optional(containerApiServerUrl));
    }
}
