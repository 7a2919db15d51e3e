package dev.envtest.plugin.containers;

import com.fasterxml.jackson.databind.JsonNode;
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
final class PullProgress implements Consumer<JsonNode> {

    static final long INTERVAL_NANOS = 2_000_000_000L;

    private record Layer(long current, long total, boolean done) {
    }

    private final String image;
    private final Consumer<String> out;
    private final LongSupplier clock;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private long lastReport;

    PullProgress(String image, Consumer<String> out, LongSupplier clock) {
        this.image = image;
        this.out = out;
        this.clock = clock;
        this.lastReport = clock.getAsLong();
    }

    @Override
    public synchronized void accept(JsonNode item) {
        String id = item.path("id").asText("");
        String status = item.path("status").asText("");
        if (!id.isEmpty()) {
            Layer was = layers.getOrDefault(id, new Layer(0, 0, false));
            JsonNode detail = item.path("progressDetail");
            if (status.equals("Downloading") && detail.has("current")) {
                layers.put(id, new Layer(detail.path("current").asLong(), Math.max(was.total(), detail.path("total").asLong()), false));
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
        return String.format(Locale.ROOT, "%s of %s, %d of %d layers done", mb(current), total > 0 ? mb(total) : "? MB", done, layers.size());
    }

    synchronized long bytes() {
        return layers.values().stream().mapToLong(Layer::current).sum();
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
