package dev.envtest.plugin.binaries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An exclusive lock on a file in the store, held across processes (an OS file lock, released by the OS if the
 * holder dies) and across threads of this JVM ({@code mvn -T}). The lock file stays: deleting it would let two
 * processes lock two different files of the same name.
 */
public final class StoreLock implements AutoCloseable {

    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Blocks until the lock is held. {@code waiting} hears one line when another thread or process holds it.
     */
    public static StoreLock acquire(Path lockFile, Consumer<String> waiting) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            if (!local.tryLock()) {
                waiting.accept("Waiting for another thread of this build that holds " + key);
                local.lockInterruptibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                waiting.accept("Waiting for another build that is installing into the same store (lock " + key + ")");
                lock = lockBlocking(channel);
            }
            return new StoreLock(local, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            local.unlock();
            throw new UncheckedIOException("could not lock " + key + ": " + e.getMessage()
                    + ". Fix: make the store writable, or move it with -Denvtest.storeDirectory / XDG_DATA_HOME.", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            local.unlock();
            throw e;
        }
    }

    /**
     * Whether another process (or another build in this JVM) holds an existing lock file right now: asked with a
     * non-blocking try that is released at once, and without creating the file.
     */
    public static boolean heldElsewhere(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_THIS_JVM.get(key);
        if (local != null && local.isLocked()) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(key, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (IOException e) {
            // gone or not writable: nobody can be installing through it
            return false;
        }
    }

    /** Null when another process holds it; a lock held by another class loader of this JVM counts as held. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static FileLock lockBlocking(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                // held by another copy of this class in the same JVM (another plugin class loader): poll
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the lock", ie);
                }
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
            local.unlock();
        }
    }
}
