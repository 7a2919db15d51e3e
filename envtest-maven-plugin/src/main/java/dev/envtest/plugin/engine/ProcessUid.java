package dev.envtest.plugin.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's effective user id on Linux, read from {@code /proc/self/status}: what Podman decides rootful or
 * rootless by, and so where its service socket is by default. The JDK has no API for it.
 */
public final class ProcessUid {

    private ProcessUid() {
    }

    /** The effective uid, or empty where there is no {@code /proc/self/status} (not Linux) or it cannot be read. */
    public static OptionalLong effective() {
        try {
            return effectiveIn(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The second field of the {@code Uid:} line (real, effective, saved, file system), or empty. */
    static OptionalLong effectiveIn(String status) {
        return status.lines().filter(l -> l.startsWith("Uid:")).findFirst()
                .map(l -> l.substring("Uid:".length()).trim().split("\\s+"))
                .filter(f -> f.length >= 2 && f[1].matches("\\d+"))
                .map(f -> OptionalLong.of(Long.parseLong(f[1])))
                .orElse(OptionalLong.empty());
    }
}
