package dev.envtest.plugin.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A build's context directory, read once: a digest of everything that goes into the build (every file's path,
 * executable bit and content, the Containerfile's place, the build args and the tag), so an image built from the
 * same inputs is reused without sending the context again; and an uncompressed tar of it for the engine (gzip
 * costs seconds on a large static binary and buys nothing over a local socket).
 */
public final class BuildContext {

    /** The label carrying the digest on the built image. */
    public static final String DIGEST_LABEL = "dev.envtest.contextDigest";

    private final BuildSpec build;
    private final List<Path> files;

    private BuildContext(BuildSpec build, List<Path> files) {
        this.build = build;
        this.files = files;
    }

    public static BuildContext scan(BuildSpec build) {
        Path root = build.contextDirectory();
        try (Stream<Path> walk = Files.walk(root)) {
            return new BuildContext(build, walk.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the build context " + root + ": " + e.getMessage(), e);
        }
    }

    /** True when the context has a {@code .dockerignore} or {@code .containerignore}: then docker-java's scanner applies it. */
    public boolean hasIgnoreFile() {
        Path root = build.contextDirectory();
        return Files.exists(root.resolve(".dockerignore")) || Files.exists(root.resolve(".containerignore"));
    }

    /** The Containerfile's path relative to the context, with {@code /} separators. */
    public String containerfilePath() {
        return relative(build.containerfile().toAbsolutePath().normalize());
    }

    private String relative(Path file) {
        return build.contextDirectory().toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize())
                .toString().replace('\\', '/');
    }

    public String digest(String tag) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, "tag=" + tag + "\ncontainerfile=" + containerfilePath() + "\nargs=" + new TreeMap<>(build.buildArgs()) + "\n");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                update(sha, "file=" + relative(file) + (Files.isExecutable(file) ? " x" : "") + " " + Files.size(file) + "\n");
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the build context " + build.contextDirectory() + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the context as an uncompressed tar (modes kept: 0755 for executables, 0644 otherwise). */
    public void writeTar(OutputStream target) {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(target)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path file : files) {
                TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), relative(file));
                entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | (Files.isExecutable(file) ? 0755 : 0644));
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setUserName("");
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack the build context " + build.contextDirectory() + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, String> labels(Map<String, String> base, String digest) {
        Map<String, String> labels = new TreeMap<>(base);
        labels.put(DIGEST_LABEL, digest);
        return labels;
    }
}
