package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a binary says of itself: its version line and whether it knows a flag. */
public final class BinaryFeatures {

    private BinaryFeatures() {
    }

    /** etcd 3.4.? and later have --unsafe-no-fsync; older ones refuse unknown flags. */
    public static boolean etcdHasUnsafeNoFsync(Path etcd) {
        return run(List.of(etcd.toString(), "--help")).contains("unsafe-no-fsync");
    }

    /** The first line of {@code <binary> --version}, e.g. "Kubernetes v1.34.2" or "etcd Version: 3.6.4". */
    public static String version(Path binary) {
        String out = run(List.of(binary.toString(), "--version"));
        return out.lines().findFirst().orElse("unknown version").trim();
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
