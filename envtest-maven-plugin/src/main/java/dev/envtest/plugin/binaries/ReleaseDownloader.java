package dev.envtest.plugin.binaries;

import dev.envtest.plugin.binaries.ReleaseIndex.Release;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The last link of the lookup chain: reads the release index, picks the newest release the selector accepts for
 * this platform, downloads it, checks its SHA-512 against the index, and installs it into the store atomically,
 * holding the version's lock so parallel builds download once.
 */
public final class ReleaseDownloader {

    private static final int MAX_INDEX_BYTES = 16 << 20;

    private final URI indexUrl;
    private final HttpFetcher http;
    private final EnvtestStore store;
    private final Reporter reporter;

    public ReleaseDownloader(URI indexUrl, HttpFetcher http, EnvtestStore store, Reporter reporter) {
        this.indexUrl = indexUrl;
        this.http = http;
        this.store = store;
        this.reporter = reporter;
    }

    public ReleaseIndex fetchIndex() {
        long started = System.nanoTime();
        HttpFetcher.Text text = http.fetchText(indexUrl, "The envtest release index (indexUrl)", MAX_INDEX_BYTES);
        ReleaseIndex index = ReleaseIndex.parse(text.body(), text.finalUri());
        reporter.debug("Read the release index " + indexUrl + " (" + index.releases().size() + " archives) in " + millis(started) + " ms");
        return index;
    }

    /** Installs the newest release the selector accepts (unless another build installed it meanwhile). */
    public Installed install(KubernetesVersion selector) {
        Release release = fetchIndex().require(selector, store.platform());
        reporter.debug("Release index: Kubernetes " + selector + " for " + store.platform() + " selects " + release.version()
                + " (" + release.url() + ")");
        try (StoreLock lock = StoreLock.acquire(store.lockFile(release.version() + "-" + store.platform()), reporter::info)) {
            if (store.isInstalled(release.version())) {
                return new Installed(release.version(), store.versionDirectory(release.version()),
                        "setup-envtest store (installed by a parallel build while this one waited)");
            }
            return download(release);
        }
    }

    private Installed download(Release release) {
        Path staging = store.createStagingDirectory();
        try {
            long started = System.nanoTime();
            reporter.info("Downloading envtest " + release.version() + " for " + release.platform() + " from " + release.url());
            Path archive = staging.resolve(release.archiveName());
            HttpFetcher.Fetched fetched = http.download(release.url(), archive, "The envtest archive " + release.archiveName(),
                    new DownloadProgress(release.archiveName(), reporter::info, System::nanoTime));
            long downloaded = System.nanoTime();
            if (!fetched.sha512().equals(release.sha512().toLowerCase(Locale.ROOT))) {
                throw new BinaryDownloadException("SHA-512 mismatch for " + release.url() + ": the release index " + indexUrl
                        + " says " + release.sha512() + ", the " + fetched.bytes() + " bytes downloaded hash to "
                        + fetched.sha512() + ". Nothing was installed. Fix: retry; if it persists, the mirror serves a"
                        + " different file than its index describes.");
            }
            Path unpack = Files.createDirectory(staging.resolve("unpacked"));
            EnvtestArchive.extract(archive, unpack, store.platform(), "The envtest archive " + release.url());
            Files.delete(archive);
            Path complete = moveUp(unpack, staging);
            Path installed = store.commit(complete, release.version());
            reporter.info("Installed envtest " + release.version() + " into " + installed + ": " + mb(fetched.bytes())
                    + " MB downloaded in " + millis(started, downloaded) + " ms, SHA-512 verified, unpacked in "
                    + millis(downloaded) + " ms");
            return new Installed(release.version(), installed, "downloaded from " + release.url() + " (SHA-512 verified)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not install into " + store.k8sDirectory() + ": " + e.getMessage(), e);
        } finally {
            store.discard(staging);
        }
    }

    /** The unpacked files become the staging directory's only content (the archive is gone by now). */
    private static Path moveUp(Path unpack, Path staging) throws IOException {
        try (var files = Files.list(unpack)) {
            for (Path f : files.toList()) {
                Files.move(f, staging.resolve(f.getFileName()));
            }
        }
        Files.delete(unpack);
        return staging;
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1_048_576.0);
    }
}
