package dev.envtest.plugin.binaries;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Says how far a long download is, as Maven does for its own: at most once every two seconds, megabytes done of the
 * total when the server sent a length. A download that ends within the first two seconds says nothing here (its
 * start and end are logged by the caller).
 */
public final class DownloadProgress {

    static final long INTERVAL_NANOS = 2_000_000_000L;

    /** For fetches nobody watches (the release index, tests). */
    static final DownloadProgress SILENT = new DownloadProgress("", line -> { }, () -> 0L);

    private final String what;
    private final Consumer<String> out;
    private final LongSupplier clock;
    private long lastReport;

    public DownloadProgress(String what, Consumer<String> out, LongSupplier clock) {
        this.what = what;
        this.out = out;
        this.clock = clock;
        this.lastReport = clock.getAsLong();
    }

    /** Bytes received so far, and the total ({@code -1} when unknown). */
    void bytes(long done, long total) {
        long now = clock.getAsLong();
        if (now - lastReport < INTERVAL_NANOS) {
            return;
        }
        lastReport = now;
        out.accept("  downloading " + what + ": " + summary(done, total));
    }

    static String summary(long done, long total) {
        return total > 0
                ? String.format(Locale.ROOT, "%.1f of %.1f MB (%d%%)", done / 1e6, total / 1e6, done * 100 / total)
                : String.format(Locale.ROOT, "%.1f MB", done / 1e6);
    }
}
