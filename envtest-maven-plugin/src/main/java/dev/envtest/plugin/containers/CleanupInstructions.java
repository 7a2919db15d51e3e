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
        List<SessionFile.ResourceEntry> objects = new ArrayList<>();
        String kubeconfig = null;
        String context = null;
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
            } else if (SessionFile.OBJECT.equals(r.kind)) {
                objects.add(0, r); // deleted in the reverse order of creation
            } else if ("cluster".equals(r.kind)) {
                kubeconfig = r.id;
                context = r.name;
            }
        }
        if (!objects.isEmpty()) {
            running.add(objects.size() + " Kubernetes object(s) created in the existing cluster");
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
        objects.sort(java.util.Comparator.comparing(r -> "Namespace".equals(r.objectKind) ? 1 : 0));
        for (SessionFile.ResourceEntry o : objects) {
            String group = o.apiVersion.contains("/") ? "." + o.apiVersion.substring(0, o.apiVersion.indexOf('/')) : "";
            b.append("\n    kubectl --kubeconfig ").append(kubeconfig).append(" --context ").append(context).append(" delete ")
                    .append(o.objectKind).append(group).append('/').append(o.objectName)
                    .append(o.namespace == null ? "" : " -n " + o.namespace);
        }
        return b.append("\n  (the next envtest:start in this project also removes them first)").toString();
    }
}
