package dev.envtest.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What of a build still exists, found the way it/leak-check.sh finds it: processes whose command line names the build's
 * work directory (zombies excluded: they run nothing), containers and networks labelled with it.
 */
final class BuildLeftovers {

    private BuildLeftovers() {
    }

    /** "pid command…" of every live process whose command line names {@code work}. */
    static List<String> processes(Path work) throws IOException {
        List<String> found = new ArrayList<>();
        String w = work.toString();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    String stat = Files.readString(dir.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && (cmdline.contains(w + "/") || cmdline.contains(w + " ")) && !cmdline.contains("mvnw")
                            && !cmdline.contains("plexus-classworlds")) {
                        found.add(dir.getFileName() + " " + cmdline.substring(0, Math.min(160, cmdline.length())));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        return found;
    }

    static List<String> containers(Path work) throws Exception {
        return podman("ps", "-a", "--filter", "label=dev.envtest.workDirectory=" + work, "--format", "{{.Names}}");
    }

    static List<String> networks(Path work) throws Exception {
        return podman("network", "ls", "--filter", "label=dev.envtest.workDirectory=" + work, "--format", "{{.Name}}");
    }

    static List<String> podman(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("podman " + String.join(" ", args) + " failed: " + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
