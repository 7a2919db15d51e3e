package dev.envtest.plugin.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Times named phases of a start, for the summary line. */
public final class PhaseTimer {

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final long origin = System.nanoTime();

    public <T> T time(String phase, Supplier<T> work) {
        long t = System.nanoTime();
        try {
            return work.get();
        } finally {
            millis.merge(phase, (System.nanoTime() - t) / 1_000_000, Long::sum);
        }
    }

    public void record(String phase, long ms) {
        millis.put(phase, ms);
    }

    public long totalMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    public Map<String, Long> phases() {
        return Map.copyOf(millis);
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        millis.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v).append(" ms"));
        return b.toString();
    }
}
