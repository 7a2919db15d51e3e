package dev.envtest.plugin.mojo;

import dev.envtest.plugin.binaries.BinaryResolver;
import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.binaries.ReleaseIndex;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Resolves the envtest binaries exactly as {@code start} would (installing them into the store if needed) and
 * prints their directory; starts nothing and writes nothing else. For CI cache warm-up steps, and for
 * {@code KUBEBUILDER_ASSETS=$(./mvnw -q envtest:binaries)}: under {@code -q} the bare directory goes to stdout.
 */
@Mojo(name = "binaries", requiresProject = false, threadSafe = true)
public class BinariesMojo extends AbstractEnvtestMojo {

    /** Kubernetes version of the binaries: exact ({@code 1.34.2}), wildcard ({@code 1.34.x}) or {@code latest}. */
    @Parameter(property = "envtest.kubernetesVersion", defaultValue = KubernetesVersion.DEFAULT)
    private String kubernetesVersion;

    /** A directory holding {@code etcd} and {@code kube-apiserver}; looked at after TEST_ASSET_* and before KUBEBUILDER_ASSETS. */
    @Parameter(property = "envtest.binaryDirectory")
    private File binaryDirectory;

    /** The envtest release index to download from (http, https or file URL), e.g. a mirror's copy. */
    @Parameter(property = "envtest.indexUrl", defaultValue = ReleaseIndex.DEFAULT_URL)
    private String indexUrl;

    /** Use only installed binaries (store, local Maven repository); also implied by Maven's {@code -o}. */
    @Parameter(property = "envtest.offline", defaultValue = "false")
    private boolean offline;

    /** {@code groupId:artifactId:version[:classifier]} of a {@code tar.gz} envtest archive in your Maven repositories, used instead of downloading. */
    @Parameter(property = "envtest.binaryArtifact")
    private String binaryArtifact;

    /** The setup-envtest store's root; by default setup-envtest's own ({@code $XDG_DATA_HOME/kubebuilder-envtest}, ...). */
    @Parameter(property = "envtest.storeDirectory")
    private File storeDirectory;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("binaries")) {
            return;
        }
        BinarySources sources = MavenBinarySources.create(session, project, repositorySystem, indexUrl, offline,
                binaryArtifact, storeDirectory);
        long started = System.nanoTime();
        ControlPlaneBinaries binaries;
        try {
            binaries = BinaryResolver.forThisMachine(kubernetesVersion, Optional.ofNullable(binaryDirectory).map(File::toPath),
                    sources, System.getenv(), Path.of(System.getProperty("user.home")), getLog()::info, getLog()::debug).resolve();
        } catch (RuntimeException e) {
            throw new MojoExecutionException("envtest binaries: " + e.getMessage(), e);
        }
        getLog().info("etcd:           " + binaries.etcd().path() + " (" + binaries.etcd().source() + ")");
        getLog().info("kube-apiserver: " + binaries.kubeApiServer().path() + " (" + binaries.kubeApiServer().source() + ")");
        binaries.kubectl().ifPresent(k -> getLog().info("kubectl:        " + k.path() + " (" + k.source() + ")"));
        if (!binaries.etcd().path().toAbsolutePath().getParent().equals(binaries.directory())) {
            getLog().warn("etcd is not in the kube-apiserver's directory; KUBEBUILDER_ASSETS=" + binaries.directory() + " would miss it");
        }
        getLog().info("Resolved in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        getLog().info("KUBEBUILDER_ASSETS=" + binaries.directory());
        if (!getLog().isInfoEnabled()) {
            System.out.println(binaries.directory());
        }
    }
}
