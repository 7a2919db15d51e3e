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
            long elapsed = (System.nanoTime() - t) / 1_000_000;
            synchronized (millis) {
                millis.merge(phase, elapsed, Long::sum);
            }
        }
    }

    public void record(String phase, long ms) {
        synchronized (millis) {
            millis.put(phase, ms);
        }
    }

    public long totalMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    public Map<String, Long> phases() {
        synchronized (millis) {
            return Map.copyOf(millis);
        }
    }

    /** "engine 420 ms, pki 210 ms, ..." in the order the phases began; phases may overlap. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        Map<String, Long> copy;
        synchronized (millis) {
            copy = new LinkedHashMap<>(millis);
        }
        copy.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v).append(" ms"));
        return b.toString();
    }
}
