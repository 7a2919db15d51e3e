package dev.envtest.plugin.binaries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory where setup-envtest keeps binaries, one folder a version and platform:
 * {@code <root>/k8s/<X.Y.Z>-<os>-<arch>/{etcd,kube-apiserver,kubectl}}. Same place and layout as
 * setup-envtest, so each tool reuses what the other installed.
 */
public final class EnvtestStore {

    private final Path root;
    private final Platform platform;

    public EnvtestStore(Path root, Platform platform) {
        this.root = root;
        this.platform = platform;
    }

    /**
     * setup-envtest's default root: {@code $XDG_DATA_HOME/kubebuilder-envtest} (else
     * {@code ~/.local/share/kubebuilder-envtest}) on Linux, {@code ~/Library/Application Support/io.kubebuilder.envtest}
     * on macOS, {@code %LocalAppData%\kubebuilder-envtest} on Windows.
     */
    public static EnvtestStore defaultFor(Platform platform, Map<String, String> env, Path home) {
        Path root;
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            root = Path.of(xdg, "kubebuilder-envtest");
        } else if (platform.os().equals("darwin")) {
            root = home.resolve("Library/Application Support/io.kubebuilder.envtest");
        } else if (platform.windows()) {
            String local = env.getOrDefault("LocalAppData", home.resolve("AppData/Local").toString());
            root = Path.of(local, "kubebuilder-envtest");
        } else {
            root = home.resolve(".local/share/kubebuilder-envtest");
        }
        return new EnvtestStore(root, platform);
    }

    public Path root() {
        return root;
    }

    public Platform platform() {
        return platform;
    }

    /** The folder for one exact version, whether or not it exists. */
    public Path versionDirectory(String exactVersion) {
        return root.resolve("k8s").resolve(exactVersion + "-" + platform);
    }

    /** The newest installed version that the selector selects and that holds etcd and kube-apiserver. */
    public Optional<String> newestInstalled(KubernetesVersion selector) {
        Path k8s = root.resolve("k8s");
        if (!Files.isDirectory(k8s)) {
            return Optional.empty();
        }
        String suffix = "-" + platform;
        try (Stream<Path> dirs = Files.list(k8s)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length()))
                    .filter(selector::matches)
                    .filter(v -> Files.isRegularFile(versionDirectory(v).resolve(platform.executable("kube-apiserver")))
                            && Files.isRegularFile(versionDirectory(v).resolve(platform.executable("etcd"))))
                    .max(KubernetesVersion.ordering());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
