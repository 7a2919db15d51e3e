package dev.envtest.plugin.mojo;

import dev.envtest.plugin.containers.ContainerCleaner;
import dev.envtest.plugin.session.EnvtestStop;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.ShutdownGuard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops what {@code start} started (also after a failed start, or from another Maven run), deletes etcd's data
 * and keeps the logs under {@code target/envtest/logs}. Running it when nothing runs is harmless.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractEnvtestMojo {

    /** Leave everything running (for debugging) and print how to clean up instead of stopping. */
    @Parameter(property = "envtest.keepRunning", defaultValue = "false")
    private boolean keepRunning;

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("stop")) {
            return;
        }
        if (keepRunning) {
            keepRunning(workDirectory.toPath().toAbsolutePath().normalize());
            return;
        }
        try {
            int stopped = new EnvtestStop(reporter(), List.of(new ContainerCleaner())).stop(workDirectory.toPath().toAbsolutePath().normalize());
            getLog().info("envtest stopped (" + stopped + " process(es)); logs kept in " + workDirectory.toPath().resolve("logs"));
        } catch (RuntimeException e) {
            throw new MojoExecutionException("envtest could not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** keepRunning: no shutdown hook either; what runs and how to remove it. */
    private void keepRunning(Path work) {
        ShutdownGuard.disarm(work);
        Optional<SessionFile> session = SessionFile.load(work.resolve("session.json"));
        if (session.isEmpty()) {
            getLog().info("envtest.keepRunning: nothing is running from " + work);
            return;
        }
        List<String> pids = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (SessionFile.ProcessEntry p : session.get().processes()) {
            if (p.live().isPresent()) {
                pids.add(Long.toString(p.pid));
                running.add(p.name + " (pid " + p.pid + ")");
            }
        }
        List<String> containers = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        for (SessionFile.ResourceEntry r : session.get().resources()) {
            if (ContainerCleaner.CONTAINER.equals(r.kind)) {
                containers.add(r.name);
            } else if (ContainerCleaner.NETWORK.equals(r.kind)) {
                networks.add(r.name);
            }
        }
        containers.forEach(c -> running.add("container " + c));
        networks.forEach(n -> running.add("network " + n));
        StringBuilder b = new StringBuilder("envtest.keepRunning: leaving running: ").append(String.join(", ", running))
                .append(".\n  Connect with the properties in ").append(work.resolve("envtest.properties"))
                .append("; logs in ").append(work.resolve("logs"))
                .append(".\n  Clean up with: mvn envtest:stop (in ").append(project.getBasedir()).append("), or by hand:");
        if (!containers.isEmpty()) {
            b.append("\n    podman rm -f ").append(String.join(" ", containers));
        }
        if (!networks.isEmpty()) {
            b.append("\n    podman network rm ").append(String.join(" ", networks));
        }
        if (!pids.isEmpty()) {
            b.append("\n    kill ").append(String.join(" ", pids));
        }
        b.append("\n  (the next envtest:start in this project also removes them first)");
        getLog().warn(b.toString());
    }
}
