package dev.envtest.plugin.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar stream the engine's archive API extracts at {@code /} before a container starts. Modes are explicit
 * (0644 files, 0755 executables and directories, unless configured) and owner is root, so any container user can
 * read them. The archive holds no entries for a target's parent directories: the engine creates missing ones
 * (0755) and follows existing ones, including symlinks such as {@code /var/run -> /run}, which a directory entry
 * would replace.
 */
public final class CopyArchive {

    public static final int FILE_MODE = 0644;
    public static final int EXECUTABLE_MODE = 0755;
    public static final int DIRECTORY_MODE = 0755;
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long bytes;

    /** One file or directory to create, by absolute path in the container. */
    public record Entry(String path, boolean directory, int mode, Path source, byte[] content) {
        long size() throws IOException {
            return directory ? 0 : content != null ? content.length : Files.size(source);
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether an entry for this absolute path is already in the archive. */
    public boolean contains(String target) {
        return entries.containsKey(normalize(target));
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Generated content (a token, a kubeconfig) at an absolute path. */
    public CopyArchive content(String target, byte[] content, int mode) {
        return add(new Entry(normalize(target), false, mode, null, content.clone()));
    }

    /** A host file, or a directory's whole tree, at an absolute path. */
    public CopyArchive copy(FileCopy copy) {
        Path source = copy.source();
        String target = normalize(copy.target());
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                    if (p.equals(source)) {
                        continue;
                    }
                    String rel = source.relativize(p).toString().replace('\\', '/');
                    String path = target + "/" + rel;
                    if (Files.isDirectory(p)) {
                        add(new Entry(path, true, DIRECTORY_MODE, null, null));
                    } else {
                        add(new Entry(path, false, fileMode(copy, p), p, null));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + source + ": " + e.getMessage(), e);
            }
        } else {
            add(new Entry(target, false, fileMode(copy, source), source, null));
        }
        return this;
    }

    private static int fileMode(FileCopy copy, Path file) {
        if (copy.mode().isPresent()) {
            return copy.mode().getAsInt();
        }
        return Files.isExecutable(file) ? EXECUTABLE_MODE : FILE_MODE;
    }

    private CopyArchive add(Entry entry) {
        try {
            bytes += entry.size();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + entry.source() + ": " + e.getMessage(), e);
        }
        if (bytes > MAX_BYTES) {
            throw new ContainerException("the files to copy into one container exceed " + (MAX_BYTES >> 20) + " MiB."
                    + " Fix: bake large files into the image (build it from a Containerfile) instead.");
        }
        entries.put(entry.path(), entry);
        return this;
    }

    /** Absolute, no trailing slash, no {@code .}/{@code ..} segments. */
    static String normalize(String target) {
        if (target == null || !target.startsWith("/")) {
            throw new ContainerException("the target path '" + target + "' is not absolute. Fix: give a path in the container"
                    + " starting with /, e.g. /etc/app/config.yaml.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new ContainerException("the target path '" + target + "' contains '..'. Fix: give a plain absolute path.");
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            throw new ContainerException("the target path '" + target + "' is the root directory. Fix: name a file or"
                    + " directory below /, e.g. /etc/app.");
        }
        return "/" + String.join("/", parts);
    }

    /** The archive's bytes, ready for the engine's {@code PUT /containers/{id}/archive?path=/}. */
    public byte[] toTar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry e : entries.values()) {
                String name = e.path().substring(1) + (e.directory() ? "/" : "");
                TarArchiveEntry t = new TarArchiveEntry(name);
                t.setUserId(0);
                t.setGroupId(0);
                t.setModTime(System.currentTimeMillis());
                if (e.directory()) {
                    t.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | e.mode());
                    tar.putArchiveEntry(t);
                } else {
                    byte[] data = e.content() != null ? e.content() : Files.readAllBytes(e.source());
                    t.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | e.mode());
                    t.setSize(data.length);
                    tar.putArchiveEntry(t);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the archive of files to copy: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
