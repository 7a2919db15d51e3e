package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.command.ShortCommand;
import dev.envtest.plugin.session.StateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a binary says of itself: its version line and whether it knows a flag. Each answer costs a run of the binary
 * (etcd 30-40 ms, kube-apiserver 90-220 ms on an idle 2-core machine, more under load), and {@code etcd --help} runs
 * before etcd can be launched; so the answers are kept in a small file, keyed by the binary's real path, size and
 * modification time: a replaced or rebuilt binary is asked again. The file is shared by every build of the user; it is
 * only a cache, and a missing, unreadable or unwritable one means asking the binary.
 */
public final class BinaryFeatures {

    /** The file beside the user's run records: {@code <state>/envtest-maven-plugin/binary-features.properties}. */
    public static final String FILE_NAME = "binary-features.properties";

    private static final Map<Path, BinaryFeatures> BY_FILE = new ConcurrentHashMap<>();

    private final Path file;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /** A fresh view of {@code file} (as another JVM would have); {@link #cachedIn} shares one per file. */
    BinaryFeatures(Path file) {
        this.file = file;
    }

    /** The answers kept in {@code file}; one instance per file in this JVM, so its answers are read from disk once. */
    public static BinaryFeatures cachedIn(Path file) {
        return BY_FILE.computeIfAbsent(file.toAbsolutePath().normalize(), f -> new BinaryFeatures(f));
    }

    /** Asks the binaries every time and keeps nothing: for what must change nothing on disk (the doctor goal). */
    public static BinaryFeatures uncached() {
        return new BinaryFeatures(null);
    }

    /** The cache of this user's builds, beside their run records (see {@link StateDirectory}). */
    public static BinaryFeatures forCurrentUser() {
        return cachedIn(StateDirectory.forCurrentUser().getParent().resolve(FILE_NAME));
    }

    /** etcd 3.4.? and later have --unsafe-no-fsync; older ones refuse unknown flags. */
    public boolean etcdHasUnsafeNoFsync(Path etcd) {
        return Boolean.parseBoolean(answer(etcd, "unsafe-no-fsync", () -> {
            String help = run(List.of(etcd.toString(), "--help"));
            // no output: the binary did not run, which is not an answer to keep
            return help.isBlank() ? null : String.valueOf(help.contains("unsafe-no-fsync"));
        }, "false"));
    }

    /** The first line of {@code <binary> --version}, e.g. "Kubernetes v1.34.2" or "etcd Version: 3.6.4". */
    public String version(Path binary) {
        return answer(binary, "version", () -> {
            String line = run(List.of(binary.toString(), "--version")).lines().findFirst().orElse("").trim();
            return line.isEmpty() ? null : line;
        }, "unknown version");
    }

    /** The kept answer for this binary as it is now, else asks it; an empty answer (the binary did not run) is not kept. */
    private String answer(Path binary, String question, Supplier<String> ask, String whenNone) {
        String key = file == null ? null : key(binary);
        if (key == null) {
            String asked = ask.get();
            return asked == null ? whenNone : asked;
        }
        load();
        String property = key + "|" + question;
        String known = answers.get(property);
        if (known != null) {
            return known;
        }
        String asked = ask.get();
        if (asked == null) {
            return whenNone;
        }
        if (answers.putIfAbsent(property, asked) == null) {
            save();
        }
        return asked;
    }

    /** The binary's real path, size and modification time; null when it cannot be read (then nothing is kept). */
    static String key(Path binary) {
        try {
            Path real = binary.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            return real + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    private void load() {
        if (loaded) {
            return;
        }
        synchronized (this) {
            if (loaded) {
                return;
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (NoSuchFileException e) {
                // nothing kept yet
            } catch (IOException | IllegalArgumentException e) {
                // a damaged cache is asked afresh and rewritten
            }
            properties.forEach((k, v) -> answers.putIfAbsent((String) k, (String) v));
            loaded = true;
        }
    }

    /** Written to a temporary file then moved over the old one, so a build reading at the same time sees one or the other. */
    private synchronized void save() {
        Properties properties = new Properties();
        properties.putAll(answers);
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "what envtest's binaries said of themselves, by real path|size|mtime; safe to delete");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException | UnsupportedOperationException e) {
            // only a cache: the next start asks the binary again
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /** The command's output, or empty when it could not run or did not finish (not an answer to keep). */
    private static String run(List<String> command) {
        try {
            return ShortCommand.of(command).run().output();
        } catch (IOException e) {
            return "";
        }
    }
}
