package dev.envtest.plugin.binaries;

import dev.envtest.plugin.command.CommandTimeoutException;
import dev.envtest.plugin.command.Finished;
import dev.envtest.plugin.command.ShortCommand;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Maven-artifact link of the lookup chain: resolves the configured envtest tarball through the build's
 * repositories, unpacks it, asks its kube-apiserver for its version, and installs it into the store under that
 * version (so the next build finds it in the store, and setup-envtest can use it too).
 */
public final class ArtifactInstaller {

    private static final Pattern VERSION = Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)");

    private final ArchiveArtifactResolver resolver;
    private final EnvtestStore store;
    private final Reporter reporter;

    public ArtifactInstaller(ArchiveArtifactResolver resolver, EnvtestStore store, Reporter reporter) {
        this.resolver = resolver;
        this.store = store;
        this.reporter = reporter;
    }

    public Installed install(ArtifactCoordinates coordinates, boolean offline, KubernetesVersion selector) {
        long started = System.nanoTime();
        Path file = resolver.resolve(coordinates, offline);
        reporter.debug("binaryArtifact " + coordinates + " resolved to " + file);
        try (StoreLock artifactLock = StoreLock.acquire(store.lockFile("artifact-" + coordinates), reporter::info)) {
            Path staging = store.createStagingDirectory();
            try {
                String what = "binaryArtifact " + coordinates + " (" + file + ")";
                EnvtestArchive.extract(file, staging, store.platform(), what);
                String version = versionOf(staging.resolve(store.platform().executable("kube-apiserver")), coordinates);
                if (!selector.matches(version)) {
                    throw new BinaryNotFoundException("binaryArtifact " + coordinates + " holds Kubernetes " + version
                            + ", but kubernetesVersion is " + selector + ". Fix: set -Denvtest.kubernetesVersion=" + version
                            + ", or point binaryArtifact at the artifact for " + selector + ".");
                }
                try (StoreLock versionLock = StoreLock.acquire(store.lockFile(version + "-" + store.platform()), reporter::info)) {
                    if (store.isInstalled(version)) {
                        return new Installed(version, store.versionDirectory(version), "setup-envtest store (" + version
                                + " was installed by a parallel build; binaryArtifact " + coordinates + " not needed)");
                    }
                    Path installed = store.commit(staging, version);
                    reporter.info("Installed envtest " + version + " from binaryArtifact " + coordinates + " into " + installed
                            + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                    return new Installed(version, installed, "binaryArtifact " + coordinates);
                }
            } finally {
                store.discard(staging);
            }
        }
    }

    /** {@code kube-apiserver --version} prints {@code Kubernetes v1.34.2}. */
    private static String versionOf(Path apiServer, ArtifactCoordinates coordinates) {
        String output;
        int exit;
        try {
            apiServer.toFile().setExecutable(true);
            Finished finished = ShortCommand.of(apiServer.toString(), "--version").withTimeout(Duration.ofSeconds(30)).run();
            output = finished.output().trim();
            exit = finished.exitCode();
        } catch (CommandTimeoutException e) {
            throw new BinaryDownloadException("binaryArtifact " + coordinates + ": its kube-apiserver --version did not finish in "
                    + e.timeout() + " (it was stopped). Fix: run it by hand with --version to see why, or use the"
                    + " artifact built for " + Platform.current() + ".");
        } catch (InterruptedIOException e) {
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new BinaryDownloadException("binaryArtifact " + coordinates + ": its kube-apiserver does not run here ("
                    + e.getMessage() + "). Fix: use the artifact built for " + Platform.current() + " (for example a"
                    + " classifier per platform, chosen by an OS-activated Maven profile).", e);
        }
        Matcher m = VERSION.matcher(output);
        if (exit != 0 || !output.startsWith("Kubernetes") || !m.find()) {
            throw new BinaryDownloadException("binaryArtifact " + coordinates + ": its kube-apiserver --version said '"
                    + output.lines().findFirst().orElse("") + "' (exit " + exit + "), not 'Kubernetes vX.Y.Z'. Fix: use the"
                    + " artifact built for " + Platform.current() + ".");
        }
        return m.group(1);
    }
}
