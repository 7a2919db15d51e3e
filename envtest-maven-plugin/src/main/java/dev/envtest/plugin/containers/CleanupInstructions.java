package dev.envtest.plugin.containers;

import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code keepRunning} leaves up and how to remove it, from the session file: the processes that still run,
 * the containers and the network, with the {@code mvn envtest:stop} to run and the equivalent engine commands.
 */
public final class CleanupInstructions {

    private CleanupInstructions() {
    }

    public static String describe(SessionFile session, Path workDirectory, Path projectDirectory) {
        List<String> pids = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (SessionFile.ProcessEntry p : session.processes()) {
            if (p.live().isPresent()) {
                pids.add(Long.toString(p.pid));
                running.add(p.name + " (pid " + p.pid + ")");
            }
        }
        List<String> containers = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        String cli = "podman";
        for (SessionFile.ResourceEntry r : session.resources()) {
            if (ContainerCleaner.ENGINE.equals(r.kind) && r.name != null && r.name.startsWith("Docker")) {
                cli = "docker"; // the commands the user types are the engine's own CLI's
            } else if (ContainerCleaner.CONTAINER.equals(r.kind)) {
                containers.add(r.name);
            } else if (ContainerCleaner.NETWORK.equals(r.kind)) {
                networks.add(r.name);
            } else if (ContainerCleaner.VOLUME.equals(r.kind)) {
                volumes.add(r.name);
            }
        }
        containers.forEach(c -> running.add("container " + c));
        networks.forEach(n -> running.add("network " + n));
        volumes.forEach(v -> running.add("volume " + v));
        if (running.isEmpty()) {
            return "envtest.keepRunning: nothing is running from " + workDirectory;
        }
        StringBuilder b = new StringBuilder("envtest.keepRunning: leaving running: ").append(String.join(", ", running))
                .append(".\n  Connect with the properties in ").append(WorkDirectory.of(workDirectory).propertiesFile())
                .append("; logs in ").append(WorkDirectory.of(workDirectory).logs())
                .append(".\n  Clean up with: mvn envtest:stop (in ").append(projectDirectory).append("), or by hand:");
        if (!containers.isEmpty()) {
            b.append("\n    ").append(cli).append(" rm -f ").append(String.join(" ", containers));
        }
        if (!networks.isEmpty()) {
            b.append("\n    ").append(cli).append(" network rm ").append(String.join(" ", networks));
        }
        if (!volumes.isEmpty()) {
            b.append("\n    ").append(cli).append(" volume rm ").append(String.join(" ", volumes));
        }
        if (!pids.isEmpty()) {
            b.append("\n    kill ").append(String.join(" ", pids));
        }
        return b.append("\n  (the next envtest:start in this project also removes them first)").toString();
    }
}
