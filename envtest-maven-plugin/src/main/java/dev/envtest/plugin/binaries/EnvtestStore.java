package dev.envtest.plugin.binaries;

import dev.envtest.plugin.session.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory where setup-envtest keeps binaries, one folder a version and platform:
 * {@code <root>/k8s/<X.Y.Z>-<os>-<arch>/{etcd,kube-apiserver,kubectl}}. Same place and layout as
 * setup-envtest, so each tool reuses what the other installed.
 *
 * <p>Installing is atomic: content is unpacked into a hidden staging directory inside {@code k8s/} (same file
 * system) and renamed to its version directory only when complete, with the binaries read-only. Hidden lock files
 * ({@code k8s/.<name>.lock}) serialise installers; setup-envtest ignores both (it lists directories named like
 * versions).
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

    /** {@code <root>/k8s}, where the version directories are. */
    public Path k8sDirectory() {
        return root.resolve("k8s");
    }

    /** Whether the version's directory holds etcd and kube-apiserver. */
    public boolean isInstalled(String exactVersion) {
        Path dir = versionDirectory(exactVersion);
        return Files.isRegularFile(dir.resolve(platform.executable("kube-apiserver")))
                && Files.isRegularFile(dir.resolve(platform.executable("etcd")));
    }

    /** The lock file that serialises installers of one thing ({@code 1.34.2-linux-amd64}, an artifact, ...). */
    public Path lockFile(String name) {
        return k8sDirectory().resolve("." + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /** A fresh, empty, hidden directory in the store to unpack into; {@link #commit} or {@link #discard} it. */
    public Path createStagingDirectory() {
        try {
            Files.createDirectories(k8sDirectory());
            return Files.createTempDirectory(k8sDirectory(), ".envtest-maven-plugin-staging-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory in " + k8sDirectory() + ": " + e.getMessage()
                    + ". Fix: make the store writable, or move it with -Denvtest.storeDirectory / XDG_DATA_HOME.", e);
        }
    }

    /**
     * Makes the staged files read-only and renames the staging directory to the version's directory in one step.
     * If that directory was completed meanwhile (by setup-envtest, which takes no lock), the staged copy is dropped.
     * Call while holding the version's {@link #lockFile lock}.
     */
    public Path commit(Path staging, String exactVersion) {
        Path target = versionDirectory(exactVersion);
        try {
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.toList()) {
                    readOnlyExecutable(f);
                }
            }
            PosixFileAttributeView view = Files.getFileAttributeView(staging, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (AtomicMoveNotSupportedException e) {
            discard(staging);
            throw new UncheckedIOException("the file system of " + k8sDirectory() + " cannot rename directories atomically. Fix:"
                    + " move the store with -Denvtest.storeDirectory / XDG_DATA_HOME.", e);
        } catch (IOException e) {
            // rename(2) onto a non-empty directory fails (ENOTEMPTY/EEXIST): someone else completed it meanwhile
            discard(staging);
            if (Files.isDirectory(target)) {
                if (isInstalled(exactVersion)) {
                    return target;
                }
                throw new IllegalStateException(target + " exists but holds no etcd and kube-apiserver. Fix: delete it"
                        + " (chmod -R u+w first), then run again.", e);
            }
            throw new UncheckedIOException("could not install into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes a staging directory and what is in it. */
    public void discard(Path staging) {
        try {
            Directories.deleteRecursively(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + staging + ": " + e.getMessage() + ". Remove it by hand.", e);
        }
    }

    private static void readOnlyExecutable(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(PosixFilePermissions.fromString("r-xr-xr-x"));
        } else {
            file.toFile().setWritable(false, false);
        }
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
                    .filter(this::isInstalled)
                    .max(KubernetesVersion.ordering());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
