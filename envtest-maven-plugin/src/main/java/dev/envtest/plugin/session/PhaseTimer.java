package dev.envtest.plugin.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Times named phases of a start, for the summary line. */
public final class PhaseTimer {

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final Map<String, Long> marks = new LinkedHashMap<>();
    private final long origin;

    /** From now. */
    public PhaseTimer() {
        this(System.nanoTime());
    }

    /** From an earlier {@link System#nanoTime()}: the goal's first step. */
    public PhaseTimer(long originNanos) {
        this.origin = originNanos;
    }

    /** From {@code origin} where there is one, else from now. */
    public static PhaseTimer from(java.util.OptionalLong origin) {
        return origin.isPresent() ? new PhaseTimer(origin.getAsLong()) : new PhaseTimer();
    }

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

    /**
     * Notes when {@code event} happened, in ms since this timer began (the goal's start); the first time counts. The
     * timeline shows what the API server's launch waited for.
     */
    public void mark(String event) {
        long at = totalMillis();
        synchronized (marks) {
            marks.putIfAbsent(event, at);
        }
    }

    /** Notes that {@code event} happened {@code agoMillis} before now. */
    public void markAgo(String event, long agoMillis) {
        long at = totalMillis() - agoMillis;
        synchronized (marks) {
            marks.putIfAbsent(event, at);
        }
    }

    public Map<String, Long> marks() {
        synchronized (marks) {
            return Map.copyOf(marks);
        }
    }

    /** "pki ready at 130 ms, binaries resolved at 150 ms, ..." in time order. */
    public String timeline() {
        List<Map.Entry<String, Long>> entries;
        synchronized (marks) {
            entries = new ArrayList<>(marks.entrySet());
        }
        entries.sort(Map.Entry.comparingByValue());
        StringBuilder b = new StringBuilder();
        entries.forEach(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(" at ").append(e.getValue()).append(" ms"));
        return b.toString();
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
