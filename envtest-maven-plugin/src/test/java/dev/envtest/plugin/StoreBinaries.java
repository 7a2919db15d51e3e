package dev.envtest.plugin;

import dev.envtest.plugin.binaries.KubernetesVersion;
import java.nio.file.Path;

/** Where {@code .ci/setup} installs the envtest binaries the plugin's ITs run: the setup-envtest store. */
public final class StoreBinaries {

    private StoreBinaries() {
    }

    public static Path directory() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path root = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local/share");
        return root.resolve("kubebuilder-envtest/k8s/" + KubernetesVersion.DEFAULT + "-linux-amd64");
    }
}
