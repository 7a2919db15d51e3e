package dev.envtest.plugin.mojo;

import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.binaries.ReleaseIndex;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/** The parameters of every goal that resolves the envtest binaries ({@code start}, {@code binaries}). */
abstract class AbstractBinariesMojo extends AbstractEnvtestMojo {

    /** Kubernetes version of the binaries: exact ({@code 1.34.2}), wildcard ({@code 1.34.x}) or {@code latest}. */
    @Parameter(property = "envtest.kubernetesVersion", defaultValue = KubernetesVersion.DEFAULT)
    protected String kubernetesVersion;

    /** A directory holding {@code etcd} and {@code kube-apiserver}; looked at after TEST_ASSET_* and before KUBEBUILDER_ASSETS. */
    @Parameter(property = "envtest.binaryDirectory")
    protected File binaryDirectory;

    /** The envtest release index to download missing binaries from (http, https or file URL), e.g. a mirror's copy. */
    @Parameter(property = "envtest.indexUrl", defaultValue = ReleaseIndex.DEFAULT_URL)
    private String indexUrl;

    /** Use only installed binaries (store, local Maven repository), never download; also implied by Maven's {@code -o}. */
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

    /** {@code envtest.offline} or Maven's {@code -o}: nothing is fetched from the network (binaries, images). */
    protected boolean offline() {
        return offline || session.isOffline();
    }

    protected Optional<Path> binaryDirectoryPath() {
        return Optional.ofNullable(binaryDirectory).map(File::toPath);
    }

    /** Where binaries may come from beyond the explicit places: store, Maven artifact, download (Maven's proxies). */
    protected BinarySources binarySources() throws MojoExecutionException {
        return MavenBinarySources.create(session, project, repositorySystem, indexUrl, offline, binaryArtifact, storeDirectory);
    }
}
