package dev.envtest.plugin.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which kubeconfig file an existing cluster is read from, and why: the {@code existingKubeconfig} parameter, else the
 * first file of {@code KUBECONFIG} (a path list, as kubectl reads it; only the first is used, nothing is merged), else
 * {@code ~/.kube/config}.
 */
public record KubeconfigLocation(Path path, String source) {

    public static KubeconfigLocation resolve(Optional<String> parameter, Map<String, String> env, Path home) {
        if (parameter.isPresent() && !parameter.get().isBlank()) {
            return new KubeconfigLocation(Path.of(parameter.get().trim()).toAbsolutePath().normalize(), "existingKubeconfig");
        }
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String entry : list.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    return new KubeconfigLocation(Path.of(entry.trim()).toAbsolutePath().normalize(),
                            "the first file of KUBECONFIG");
                }
            }
        }
        return new KubeconfigLocation(home.resolve(".kube").resolve("config").toAbsolutePath().normalize(),
                "the default ~/.kube/config (existingKubeconfig and KUBECONFIG not set)");
    }

    @Override
    public String toString() {
        return path + " (" + source + ")";
    }
}
