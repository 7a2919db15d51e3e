package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.session.Directories;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The saved bootstrap of one {@link EtcdSeedKey}: the data directory of an etcd that only kube-apiserver's own first
 * start wrote into ({@link EtcdSeeder}), kept as {@code <seeds>/<key>/} with a {@value #MANIFEST} file (every file's
 * size and CRC-32C) written last. It is saved by renaming a finished temporary directory into place, so a build sees
 * either no seed or a whole one, also while another build saves the same key; a seed whose files do not match its
 * manifest is deleted and the start goes on cold. The data directory holds no secrets (bootstrap RBAC, namespaces,
 * priority and flow-control objects), yet it stays the user's own: directories 0700, files 0600.
 */
public final class EtcdSeedStore {

    static final String MANIFEST = "MANIFEST";
    private static final String TEMPORARY = ".tmp-";
    /** A temporary directory older than this was left by a killed build. */
    private static final Duration ABANDONED = Duration.ofHours(1);
    /** A seed not used for this long is of binaries no longer used (each start on a seed marks it used). */
    static final Duration UNUSED = Duration.ofDays(30);

    private final Path seeds;
    private final EtcdSeedKey key;
    private volatile long copyMillis = -1;

    public EtcdSeedStore(Path seeds, EtcdSeedKey key) {
        this.seeds = seeds;
        this.key = key;
    }

    public EtcdSeedKey key() {
        return key;
    }

    /** Where the seed of this key is, once saved. */
    public Path seedDirectory() {
        return seeds.resolve(key.hex());
    }

    public boolean exists() {
        return Files.isRegularFile(seedDirectory().resolve(MANIFEST));
    }

    /**
     * Copies the seed into {@code dataDirectory} (which must not exist), checking every file against the manifest.
     * Returns false, with the reason told to {@code debug} and {@code dataDirectory} removed again, when there is no
     * seed or it does not match (then it is deleted, so that the next run saves a new one).
     */
    public boolean restoreInto(Path dataDirectory, Consumer<String> debug) {
        Path seed = seedDirectory();
        if (!exists()) {
            debug.accept("warmEtcd: no saved bootstrap " + seed + " yet: etcd starts empty");
            return false;
        }
        long t0 = System.nanoTime();
        try {
            List<String> lines = Files.readAllLines(seed.resolve(MANIFEST), StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(EtcdSeedKey.FORMAT + " " + key.hex())) {
                throw new IOException("its manifest is of another format or key");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(" ", 3);
                if (fields.length != 3 || fields[2].contains("..") || fields[2].startsWith("/")) {
                    throw new IOException("malformed manifest line '" + line + "'");
                }
                Path target = dataDirectory.resolve(fields[2]);
                createPrivateDirectories(target.getParent());
                String copied = copyHashing(seed.resolve(fields[2]), target);
                if (!copied.equals(fields[0] + " " + fields[1])) {
                    throw new IOException(fields[2] + " does not match its manifest");
                }
            }
            copyMillis = (System.nanoTime() - t0) / 1_000_000;
            touch(seed.resolve(MANIFEST));
            return true;
        } catch (IOException | RuntimeException e) {
            debug.accept("warmEtcd: the saved bootstrap " + seed + " is unusable (" + e.getMessage()
                    + "): it is deleted and etcd starts empty");
            deleteQuietly(dataDirectory);
            discard(seed);
            return false;
        }
    }

    /** How long the last {@link #restoreInto} took to copy, or -1. */
    public long copyMillis() {
        return copyMillis;
    }

    /**
     * A new temporary directory beside the seeds, for a seeding run's data. Abandoned temporary directories and the
     * seeds of other keys unused for {@link #UNUSED} are removed first (seeding is rare: once per key).
     */
    Path newTemporary() throws IOException {
        createPrivateDirectories(seeds);
        Instant abandoned = Instant.now().minus(ABANDONED);
        Instant unused = Instant.now().minus(UNUSED);
        try (Stream<Path> entries = Files.list(seeds)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TEMPORARY)) {
                    if (Files.getLastModifiedTime(entry).toInstant().isBefore(abandoned)) {
                        deleteQuietly(entry);
                    }
                } else if (!name.equals(key.hex()) && Files.isDirectory(entry)) {
                    Path manifest = entry.resolve(MANIFEST);
                    Path age = Files.exists(manifest) ? manifest : entry;
                    if (Files.getLastModifiedTime(age).toInstant().isBefore(Files.exists(manifest) ? unused : abandoned)) {
                        discard(entry);
                    }
                }
            }
        }
        Path temporary = seeds.resolve(TEMPORARY + UUID.randomUUID());
        createPrivateDirectories(temporary);
        Files.setLastModifiedTime(temporary, FileTime.from(Instant.now()));
        return temporary;
    }

    /**
     * Saves the data directory of a cleanly stopped etcd (inside a {@link #newTemporary} directory) as this key's seed:
     * the WAL's preallocated zeros are cut off, the manifest written, the directory renamed into place. Returns false
     * when another build saved this key first (its seed is as good; this one is deleted).
     */
    boolean save(Path stoppedDataDirectory) throws IOException {
        Path walDirectory = stoppedDataDirectory.resolve("member").resolve("wal");
        try (Stream<Path> wals = Files.list(walDirectory)) {
            for (Path wal : wals.filter(p -> p.getFileName().toString().endsWith(".wal")).toList()) {
                cutPreallocatedTail(wal);
            }
        }
        List<String> manifest = new ArrayList<>();
        manifest.add(EtcdSeedKey.FORMAT + " " + key.hex());
        try (Stream<Path> files = Files.walk(stoppedDataDirectory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String relative = stoppedDataDirectory.relativize(file).toString().replace('\\', '/');
                manifest.add(copyHashing(file, null) + " " + relative);
            }
        }
        Path manifestFile = stoppedDataDirectory.resolve(MANIFEST);
        Files.write(manifestFile, manifest, StandardCharsets.UTF_8);
        privateFile(manifestFile);
        try {
            Files.move(stoppedDataDirectory, seedDirectory(), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename within " + seeds + ": " + e.getMessage(), e);
        } catch (java.nio.file.FileSystemException e) {
            // rename(2) onto a non-empty directory: another build saved this key first
            if (!Files.isDirectory(seedDirectory())) {
                throw e;
            }
            deleteQuietly(stoppedDataDirectory);
            return false;
        }
    }

    /**
     * etcd preallocates each WAL segment to 64 MB of zeros, and a copy of them would cost more than the seed saves. A
     * WAL record is a frame: an 8-byte little-endian word (length in the low 56 bits; padding in bits 56-58 when bit 63
     * is set), then the record and its padding; the records end at the first word that is zero, which is where etcd's
     * own reader stops. The file is cut there, and etcd preallocates again when it opens the segment for writing.
     */
    static long cutPreallocatedTail(Path wal) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(wal.toFile(), "rw")) {
            long size = file.length();
            long position = 0;
            byte[] word = new byte[8];
            while (position + 8 <= size) {
                file.seek(position);
                file.readFully(word);
                long value = ByteBuffer.wrap(word).order(ByteOrder.LITTLE_ENDIAN).getLong();
                long length = value & 0x00ffffffffffffffL;
                if (length == 0) {
                    break;
                }
                long padding = value < 0 ? (value >>> 56) & 0x7 : 0;
                long next = position + 8 + length + padding;
                if (next > size) {
                    throw new IOException(wal + " ends inside a record at " + position);
                }
                position = next;
            }
            file.setLength(position);
            return position;
        }
    }

    /**
     * Copies {@code source} to {@code target} (null: only reads it); returns "crc32c size". CRC-32C, not a cryptographic
     * hash: it guards against a torn or damaged file in the user's own cache, and it is on the start's critical path,
     * where the JVM has not compiled a SHA-256 yet (that took 40-200 ms for 450 kB; the CRC is an intrinsic).
     */
    private static String copyHashing(Path source, Path target) throws IOException {
        byte[] content = Files.readAllBytes(source);
        CRC32C crc = new CRC32C();
        crc.update(content, 0, content.length);
        if (target != null) {
            Files.write(target, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            privateFile(target);
        }
        return String.format("%08x", crc.getValue()) + " " + content.length;
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // only the pruning of unused seeds reads it
        }
    }

    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        createPrivateDirectories(directory.getParent());
        Files.createDirectory(directory);
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void privateFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Moves a seed out of the way first (a rename is atomic), so that no build copies it while it is deleted. */
    private void discard(Path seed) {
        Path away = seeds.resolve(TEMPORARY + "discarded-" + UUID.randomUUID());
        try {
            Files.move(seed, away, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(away);
        } catch (IOException e) {
            // another build discarded or replaced it first
        }
    }

    static void deleteQuietly(Path directory) {
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            // a leftover temporary directory is removed by a later newTemporary
        }
    }
}
