package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Envtest archives in the official layout ({@code controller-tools/envtest/<file>}) for tests: the real one, made
 * once per test JVM from the binaries CI already has, and small ones with given contents.
 */
public final class EnvtestTarballs {

    public static final String VERSION = "1.34.2";
    private static Path real;

    private EnvtestTarballs() {
    }

    /** Where CI keeps etcd, kube-apiserver and kubectl 1.34.2 (the setup-envtest store, honouring XDG_DATA_HOME). */
    public static Path sourceBinaries() {
        return EnvtestStore.defaultFor(Platform.current(), System.getenv(), Path.of(System.getProperty("user.home")))
                .versionDirectory(VERSION);
    }

    /** Skips the calling test when the binaries are not on this machine. */
    public static void assumeSourceBinaries() {
        Path dir = sourceBinaries();
        assumeTrue(Files.isRegularFile(dir.resolve("kube-apiserver")) && Files.isRegularFile(dir.resolve("etcd"))
                        && Files.isRegularFile(dir.resolve("kubectl")),
                "envtest binaries " + VERSION + " are not in " + dir + " (run .ci/build-envtest-binaries): skipping");
    }

    /** The real archive of etcd, kube-apiserver and kubectl, built at most once per JVM (gzip level 1). */
    public static synchronized Path real() {
        assumeSourceBinaries();
        if (real == null) {
            try {
                Path dir = Files.createTempDirectory("envtest-tarball-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Map<String, Path> files = new LinkedHashMap<>();
                for (String name : new String[] {"etcd", "kube-apiserver", "kubectl"}) {
                    files.put(name, sourceBinaries().resolve(name));
                }
                Path archive = dir.resolve("envtest-v" + VERSION + "-" + Platform.current() + ".tar.gz");
                long started = System.nanoTime();
                write(archive, files);
                System.out.printf("[EnvtestTarballs] built %s (%d MB) in %d ms%n", archive, Files.size(archive) >> 20,
                        (System.nanoTime() - started) / 1_000_000);
                real = archive;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return real;
    }

    /** A small archive whose entries hold the given texts (executable shell scripts, say). */
    public static Path small(Path target, Map<String, String> contents) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Path sources = Files.createTempDirectory(target.getParent(), "sources-");
        for (Map.Entry<String, String> e : contents.entrySet()) {
            Path f = sources.resolve(e.getKey());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            files.put(e.getKey(), f);
        }
        write(target, files);
        return target;
    }

    /** tar.gz with a directory entry {@code controller-tools/envtest/} and one regular file entry per file. */
    static void write(Path archive, Map<String, Path> files) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
             GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
                 {
                     def.setLevel(Deflater.BEST_SPEED);
                 }
             };
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry dirEntry = new TarArchiveEntry("controller-tools/envtest/");
            dirEntry.setMode(0755);
            tar.putArchiveEntry(dirEntry);
            tar.closeArchiveEntry();
            for (Map.Entry<String, Path> f : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry("controller-tools/envtest/" + f.getKey());
                entry.setSize(Files.size(f.getValue()));
                entry.setMode(0755);
                tar.putArchiveEntry(entry);
                Files.copy(f.getValue(), tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    public static String sha512(Path file) throws IOException {
        MessageDigest digest = HttpFetcher.sha512();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha512(byte[] bytes) {
        return HexFormat.of().formatHex(HttpFetcher.sha512().digest(bytes));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort for temporary files
        }
    }
}
