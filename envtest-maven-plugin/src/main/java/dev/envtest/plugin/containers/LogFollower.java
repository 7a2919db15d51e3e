package dev.envtest.plugin.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Follows one container's stdout and stderr from its start into {@code logs/<name>.log}, writing each chunk as it
 * arrives, and keeps the lines in memory for log waits and for the tail quoted in errors. The stream ends when the
 * container stops or is removed.
 */
public final class LogFollower implements Closeable {

    private static final int MAX_LINES = 20_000;

    private final Path file;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder[] partial = {new StringBuilder(), new StringBuilder()};
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean endedOnce = new AtomicBoolean();
    private OutputStream out;
    private ResultCallback.Adapter<Frame> callback;
    private volatile Throwable failure;
    private int dropped;
    private volatile Runnable onEnd = () -> { };

    public LogFollower(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * Starts following; the engine replays everything the container wrote so far, then streams. {@code onEnd} runs
     * once when the stream has ended.
     */
    void follow(DockerClient client, String containerId, Runnable onEnd) {
        this.onEnd = onEnd;
        open();
        callback = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        accept(frame);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        failure = throwable;
                        finish();
                    }

                    @Override
                    public void onComplete() {
                        finish();
                    }
                });
    }

    /** Creates (or empties) the log file. */
    synchronized void open() {
        try {
            Files.createDirectories(file.getParent());
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ContainerException("could not write the container log " + file + ": " + e.getMessage(), e);
        }
    }

    void accept(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null || payload.length == 0) {
            return;
        }
        synchronized (this) {
            try {
                if (out != null) {
                    out.write(payload);
                    out.flush();
                }
            } catch (IOException e) {
                failure = e;
            }
            StringBuilder buffer = partial[frame.getStreamType() == StreamType.STDERR ? 1 : 0];
            buffer.append(new String(payload, StandardCharsets.UTF_8));
            int nl;
            while ((nl = buffer.indexOf("\n")) >= 0) {
                addLine(buffer.substring(0, nl));
                buffer.delete(0, nl + 1);
            }
        }
    }

    private void addLine(String line) {
        lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        if (lines.size() > MAX_LINES) {
            lines.subList(0, MAX_LINES / 2).clear();
            dropped += MAX_LINES / 2;
        }
    }

    private void finish() {
        synchronized (this) {
            for (StringBuilder b : partial) {
                if (!b.isEmpty()) {
                    addLine(b.toString());
                    b.setLength(0);
                }
            }
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                // the file has what was flushed
            }
        }
        if (endedOnce.compareAndSet(false, true)) {
            ended.countDown();
            onEnd.run();
        }
    }

    /** Lines so far, whole lines only, plus a line still being written. */
    public synchronized int matches(Pattern pattern) {
        int n = 0;
        for (String line : lines) {
            if (pattern.matcher(line).find()) {
                n++;
            }
        }
        for (StringBuilder b : partial) {
            if (!b.isEmpty() && pattern.matcher(b).find()) {
                n++;
            }
        }
        return n;
    }

    public synchronized List<String> tail(int count) {
        List<String> all = new ArrayList<>(lines);
        for (StringBuilder b : partial) {
            if (!b.isEmpty()) {
                all.add(b.toString());
            }
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** Waits until the engine ended the stream (the container stopped); true if it did in time. */
    public boolean awaitEnd(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        if (callback != null) {
            try {
                callback.close();
            } catch (IOException e) {
                // the stream is gone either way
            }
        }
        finish();
    }
}
