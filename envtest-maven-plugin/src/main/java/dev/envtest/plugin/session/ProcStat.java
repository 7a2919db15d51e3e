package dev.envtest.plugin.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of {@code /proc/PID/stat} (Linux) that follow the command. The command (field 2, in parentheses) may hold
 * any text, spaces and parentheses included, so the fields are read from its last {@code ')'}: index 0 is field 3 (the
 * state), index 19 field 22 (the start, in clock ticks since boot).
 */
final class ProcStat {

    private ProcStat() {
    }

    /**
     * The fields from field 3 on; empty when the file is not as expected. An {@link IOException}: no {@code /proc}, or
     * no such process.
     */
    static String[] afterCommand(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return new String[0];
        }
        return stat.substring(close + 2).trim().split(" ");
    }
}
