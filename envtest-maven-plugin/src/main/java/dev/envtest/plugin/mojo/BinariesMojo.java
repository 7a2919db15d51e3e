package dev.envtest.plugin.mojo;

import dev.envtest.plugin.binaries.BinaryResolver;
import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Resolves the envtest binaries exactly as {@code start} would (installing them into the store if needed) and
 * prints their directory; starts nothing and writes nothing else. For CI cache warm-up steps, and for
 * {@code KUBEBUILDER_ASSETS=$(./mvnw -q envtest:binaries)}: under {@code -q} the bare directory goes to stdout.
 */
@Mojo(name = "binaries", requiresProject = false, threadSafe = true)
public class BinariesMojo extends AbstractBinariesMojo {

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("binaries")) {
            return;
        }
        BinarySources sources = binarySources();
        long started = System.nanoTime();
        ControlPlaneBinaries binaries;
        try {
            binaries = BinaryResolver.forThisMachine(kubernetesVersion, binaryDirectoryPath(),
                    sources, System.getenv(), Path.of(System.getProperty("user.home")), reporter()).resolve();
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
