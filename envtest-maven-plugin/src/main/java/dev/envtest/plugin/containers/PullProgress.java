package dev.envtest.plugin.containers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Adds up a pull's streamed progress items (one per layer event: {@code Pulling fs layer}, {@code Downloading} with
 * bytes current/total, {@code Download complete}, {@code Pull complete}, {@code Already exists}) and reports how far
 * it is, as Maven does for its downloads: at most once every two seconds, bytes done of the total known so far.
 */
public final class PullProgress {

    static final long INTERVAL_NANOS = 2_000_000_000L;

    private record Layer(long current, long total, boolean done) {
    }

    private final String image;
    private final Consumer<String> out;
    private final LongSupplier clock;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private long lastReport;

    public PullProgress(String image, Consumer<String> out, LongSupplier clock) {
        this.image = image;
        this.out = out;
        this.clock = clock;
        this.lastReport = clock.getAsLong();
    }

    /** For a pull nobody watches. */
    public static PullProgress silent(String image) {
        return new PullProgress(image, line -> { }, System::nanoTime);
    }

    /**
     * One item of the engine's pull stream: a layer id, its status, and bytes current/total (0 when not given).
     */
    public synchronized void event(String id, String status, long current, long total) {
        if (id != null && !id.isEmpty()) {
            Layer was = layers.getOrDefault(id, new Layer(0, 0, false));
            if (status.equals("Downloading") && (current > 0 || total > 0)) {
                layers.put(id, new Layer(current, Math.max(was.total(), total), false));
            } else if (status.startsWith("Download complete") || status.startsWith("Pull complete") || status.startsWith("Already exists")) {
                layers.put(id, new Layer(was.total(), was.total(), true));
            } else {
                layers.putIfAbsent(id, was);
            }
        }
        long now = clock.getAsLong();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            out.accept("  pulling " + image + ": " + summary());
        }
    }

    /** {@code 60.1 of 81.3 MB, 1 of 2 layers done}. */
    synchronized String summary() {
        long current = 0;
        long total = 0;
        int done = 0;
        for (Layer l : layers.values()) {
            current += l.current();
            total += l.total();
            done += l.done() ? 1 : 0;
        }
        String bytes = total > 0 ? String.format(Locale.ROOT, "%.1f of %s", current / 1_000_000.0, mb(total)) : mb(current);
        return String.format(Locale.ROOT, "%s, %d of %d layers done", bytes, done, layers.size());
    }

    synchronized long bytes() {
        return layers.values().stream().mapToLong(Layer::current).sum();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
