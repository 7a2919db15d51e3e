package dev.envtest.plugin.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link Reporter} for tests that keeps what a stage said, in order, in one list that background threads may add
 * to: info as written, warnings prefixed {@code WARN }, debug lines (prefixed {@code DEBUG }) only when asked for.
 */
public final class RecordingReporter implements Reporter {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final boolean keepDebug;

    public RecordingReporter() {
        this(false);
    }

    private RecordingReporter(boolean keepDebug) {
        this.keepDebug = keepDebug;
    }

    public static RecordingReporter withDebug() {
        return new RecordingReporter(true);
    }

    /** The live list (synchronized): what was said so far and what will be said. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        if (keepDebug) {
            lines.add("DEBUG " + message);
        }
    }
}
