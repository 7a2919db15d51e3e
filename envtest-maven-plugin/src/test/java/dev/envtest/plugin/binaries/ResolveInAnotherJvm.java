package dev.envtest.plugin.binaries;

import dev.envtest.plugin.session.Reporter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Run by {@link ConcurrentInstallTest} in a second JVM: resolves like a second build would and prints
 * {@code directory=...} and {@code source=...}; exit code 1 with the error on failure.
 * Arguments: store directory, index URL, Kubernetes version.
 */
public final class ResolveInAnotherJvm {

    private ResolveInAnotherJvm() {
    }

    public static void main(String[] args) {
        try {
            BinarySources sources = BinarySources.defaults().withStoreDirectory(Path.of(args[0])).withIndexUrl(URI.create(args[1]));
            ControlPlaneBinaries binaries = BinaryResolver.forThisMachine(args[2], Optional.empty(), sources, Map.of(),
                    Path.of(args[0]).resolve("home"), new Reporter() {
                        public void info(String message) {
                            System.out.println("info: " + message);
                        }

                        public void warn(String message) {
                        }

                        public void debug(String message) {
                        }
                    }).resolve();
            System.out.println("directory=" + binaries.directory());
            System.out.println("source=" + binaries.kubeApiServer().source());
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getMessage());
            System.exit(1);
        }
    }
}
