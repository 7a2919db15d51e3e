package dev.envtest.plugin.mojo;

import dev.envtest.plugin.containers.CleanupInstructions;
import dev.envtest.plugin.cluster.ClusterObjectCleaner;
import dev.envtest.plugin.containers.ContainerCleaner;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.lifecycle.Stopped;
import dev.envtest.plugin.session.SessionFile;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Path;
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
            keepRunning(resolvedWorkDirectory().toPath().toAbsolutePath().normalize());
            return;
        }
        try {
            Stopped stopped = new EnvtestStop(reporter(), List.of(new ContainerCleaner(), new ClusterObjectCleaner())).stop(resolvedWorkDirectory().toPath().toAbsolutePath().normalize());
            getLog().info("envtest stopped " + stopped.describe() + "; logs kept in " + WorkDirectory.of(resolvedWorkDirectory().toPath()).logs());
        } catch (RuntimeException e) {
            throw new MojoExecutionException("envtest could not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** keepRunning: no shutdown hook either; what runs and how to remove it. */
    private void keepRunning(Path work) {
        EnvtestStop.keepRunning(work);
        Optional<SessionFile> session = SessionFile.load(WorkDirectory.of(work).sessionFile());
        if (session.isEmpty()) {
            getLog().info("envtest.keepRunning: nothing is running from " + work);
            return;
        }
        getLog().warn(CleanupInstructions.describe(session.get(), work, project.getBasedir().toPath()));
    }
}
