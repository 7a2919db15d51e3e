package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.session.ProcessLiveness;
import dev.envtest.plugin.session.ProcessStart;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Free ports claimed across processes. A free port is only free until someone binds it: between the kernel naming
 * one and etcd or kube-apiserver binding it, another start (another Maven process, another execution in this JVM) can
 * be handed the same number. So each chosen port is claimed with a file {@code port-<n>} in a per-user directory, made
 * under a lock on that directory; a start skips ports whose claim is live and gives its own up once its processes
 * have bound them. A claim is live while the process that made it runs (same pid and start time) and for at most
 * {@link #HOLD}; older ones, and those of exited processes, are reclaimed.
 *
 * <p>When the directory cannot be used (not writable, no file locks), ports are the kernel's choice alone, as before
 * reservations existed: one debug line says so, and the start goes on.
 */
public final class PortReservations {

    /** How long a claim keeps others off its port when its owner never gives it up (a hung start, a long-lived JVM). */
    public static final Duration HOLD = Duration.ofMinutes(2);

    /** Candidates tried before giving up; the kernel rarely names a claimed port twice in a row. */
    static final int ATTEMPTS = 100;

    private static final String PREFIX = "port-";
    private static final String LOCK_FILE = ".lock";

    /** Threads of this JVM take turns before the file lock, which the JVM holds for all of its threads at once. */
    private static final Object IN_THIS_JVM = new Object();

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Where a free port comes from before it is claimed: the kernel's choice, or a fixed sequence in tests. */
    @FunctionalInterface
    interface Candidates {
        int next(InetAddress address) throws IOException;

        /** Whether each candidate was bound a moment ago (then it needs no second bind to be known free). */
        default boolean justBound() {
            return false;
        }
    }

    static final Candidates KERNEL = new Candidates() {
        @Override
        public int next(InetAddress address) throws IOException {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(address, 0));
                return socket.getLocalPort();
            }
        }

        @Override
        public boolean justBound() {
            // a plugin start that bound it since holds a claim, seen above; anyone else is outside the claims' reach
            return true;
        }
    };

    private final Path directory;
    private final Candidates candidates;
    private final Clock clock;
    private final Reporter reporter;
    private boolean swept;
    private volatile String off;

    public PortReservations(Path directory, Reporter reporter) {
        this(directory, KERNEL, Clock.systemUTC(), reporter);
    }

    PortReservations(Path directory, Candidates candidates, Clock clock, Reporter reporter) {
        this.directory = directory.toAbsolutePath().normalize();
        this.candidates = candidates;
        this.clock = clock;
        this.reporter = reporter;
    }

    /** The reservations directory beside the state directory's {@code runs} ({@code .../envtest-maven-plugin/ports}). */
    public static Path besideRuns(Path runs) {
        return runs.resolveSibling("ports");
    }

    public Path directory() {
        return directory;
    }

    /**
     * {@code requested} when it is set and can be bound now (otherwise the "in use" error naming the parameter and
     * its fix); a claimed free port when it is 0.
     */
    public PortReservation reserveOrFail(InetAddress address, int requested, String parameter) {
        if (requested != 0) {
            return PortReservation.unreserved(Ports.freeOrFail(address, requested, parameter));
        }
        return reserve(address, parameter);
    }

    /** A port free on {@code address} that no live claim names, claimed for {@code purpose} until released. */
    public PortReservation reserve(InetAddress address, String purpose) {
        long started = System.nanoTime();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try {
                port = candidates.next(address);
            } catch (IOException e) {
                throw new ControlPlaneException("could not find a free port on " + address.getHostAddress() + ": " + e.getMessage(), e);
            }
            if (off != null) {
                return PortReservation.unreserved(port);
            }
            try {
                Optional<PortReservation> claimed = locked(() -> claim(address, port, purpose));
                if (claimed.isPresent()) {
                    reporter.debug("Claimed port " + port + " for " + purpose + " in " + directory + " ("
                            + (System.nanoTime() - started) / 1_000_000 + " ms)");
                    return claimed.get();
                }
            } catch (IOException | UncheckedIOException | UnsupportedOperationException | SecurityException e) {
                turnOff(e);
                return PortReservation.unreserved(port);
            }
        }
        throw new ControlPlaneException("no free port on " + address.getHostAddress() + " that another start has not claimed, after "
                + ATTEMPTS + " candidates (claims in " + directory + "). Fix: let the other builds of this user finish; if none runs,"
                + " delete " + directory + ".");
    }

    private Optional<PortReservation> claim(InetAddress address, int port, String purpose) throws IOException {
        if (!swept) {
            sweep();
            swept = true;
        }
        Path file = directory.resolve(PREFIX + port);
        if (Files.exists(file)) {
            Optional<Claim> existing = Claim.read(file);
            if (existing.isPresent() && live(existing.get())) {
                reporter.debug("Port " + port + " is claimed by pid " + existing.get().pid() + " (" + existing.get().purpose()
                        + "); trying another");
                return Optional.empty();
            }
            reclaim(file, existing);
        }
        if (!candidates.justBound() && !bindable(address, port)) {
            return Optional.empty();
        }
        Claim mine = Claim.ofThisProcess(clock.millis(), purpose);
        try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly("rw-------"))) {
            out.write(ByteBuffer.wrap(mine.text().getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of(new PortReservation(port, () -> release(file, mine.token())));
    }

    /** Gives the claim up, unless it is no longer ours (reclaimed after {@link #HOLD}, and claimed again). */
    private void release(Path file, String token) {
        try {
            locked(() -> {
                Optional<Claim> current = Claim.read(file);
                if (current.isPresent() && current.get().token().equals(token)) {
                    Files.deleteIfExists(file);
                }
                return null;
            });
        } catch (IOException | UncheckedIOException | UnsupportedOperationException | SecurityException e) {
            // the claim expires on its own after HOLD
            reporter.debug("Could not remove the port claim " + file + ": " + e.getMessage());
        }
    }

    /** Removes the claims of exited processes and expired ones, so that the directory holds only live claims. */
    private void sweep() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith(PREFIX))::iterator) {
                Optional<Claim> claim = Claim.read(file);
                if (claim.isEmpty() || !live(claim.get())) {
                    reclaim(file, claim);
                }
            }
        }
    }

    private void reclaim(Path file, Optional<Claim> claim) throws IOException {
        Files.deleteIfExists(file);
        reporter.debug("Reclaimed port " + file.getFileName().toString().substring(PREFIX.length()) + " from " + claim.map(c -> "pid "
                + c.pid() + ", which has exited or claimed it over " + HOLD.toSeconds() + " s ago").orElse("an unreadable claim"));
    }

    private boolean live(Claim claim) {
        if (clock.millis() - claim.reserved() > HOLD.toMillis()) {
            return false;
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(claim.pid());
        if (owner.isEmpty() || ProcessLiveness.exited(owner.get())) {
            return false;
        }
        // a reused pid: the process that runs under it now started at another time (a claim of an earlier version,
        // which wrote only the start's epoch milliseconds, which move with the clock: by pid only)
        return claim.start().isEmpty() || ProcessStart.matches(owner.get(), claim.start());
    }

    private static boolean bindable(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void turnOff(Exception e) {
        if (off == null) {
            off = e.getClass().getSimpleName() + ": " + e.getMessage();
            reporter.debug("Ports are not claimed across processes: " + directory + " cannot be used (" + off + "); each free port"
                    + " is the kernel's choice alone, which another start may be handed too before etcd or kube-apiserver binds it");
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(IoAction<T> action) throws IOException {
        synchronized (IN_THIS_JVM) {
            createDirectory();
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly("rw-------"))) {
                FileLock lock = lock(channel);
                try {
                    return action.run();
                } finally {
                    lock.release();
                }
            }
        }
    }

    /** Blocks until this process holds the directory's lock; held for a few file operations only. */
    private static FileLock lock(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                // held by another copy of this class in this JVM (another plugin class loader): wait a moment
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + channel, ie);
                }
            }
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory.getParent());
        try {
            Files.createDirectory(directory, ownerOnly("rwx------"));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    private static boolean posix() {
        return POSIX;
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    /**
     * What a claim file says: who claimed the port, when, and for what; the token tells a claim from a later one.
     *
     * @param startedMillis the owner's start instant in epoch milliseconds, which moves with the clock: written for
     *                      earlier versions reading this one's claims (they compare it within 2 s), not read
     * @param start         the owner's {@link ProcessStart}; empty in a claim written by an earlier version
     */
    record Claim(long pid, long startedMillis, String start, long reserved, String token, String purpose) {

        private static final AtomicLong COUNT = new AtomicLong();
        private static volatile String startOfThisProcess;
        private static volatile long startMillisOfThisProcess;

        static Claim ofThisProcess(long now, String purpose) {
            ProcessHandle self = ProcessHandle.current();
            if (startOfThisProcess == null) {
                startMillisOfThisProcess = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
                startOfThisProcess = ProcessStart.of(self).orElse("");
            }
            // unique among this machine's claims without a SecureRandom (its first use costs 30-120 ms before etcd starts)
            String token = self.pid() + "-" + System.nanoTime() + "-" + COUNT.incrementAndGet();
            return new Claim(self.pid(), startMillisOfThisProcess, startOfThisProcess, now, token, purpose);
        }

        String text() {
            return "pid=" + pid + "\nstarted=" + startedMillis + "\nstart=" + start + "\nreserved=" + reserved
                    + "\ntoken=" + token + "\npurpose=" + purpose + "\n";
        }

        /** Empty when the file is gone or is not a whole claim (then it is reclaimed: claims are written under the lock). */
        static Optional<Claim> read(Path file) throws IOException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            Map<String, String> values = new HashMap<>();
            text.lines().forEach(line -> {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            });
            try {
                return Optional.of(new Claim(Long.parseLong(values.get("pid")), Long.parseLong(values.getOrDefault("started", "0")),
                        values.getOrDefault("start", ""),
                        Long.parseLong(values.get("reserved")), values.getOrDefault("token", ""), values.getOrDefault("purpose", "")));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
