package dev.envtest.plugin.mojo;

import dev.envtest.plugin.session.EnvtestStop;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Stops what {@code start} started (also after a failed start, or from another Maven run), deletes etcd's data
 * and keeps the logs under {@code target/envtest/logs}. Running it when nothing runs is harmless.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractEnvtestMojo {

    @Override
    public void execute() throws MojoExecutionException {
        if (skipped("stop")) {
            return;
        }
        try {
            int stopped = new EnvtestStop(reporter(), List.of()).stop(workDirectory.toPath().toAbsolutePath().normalize());
            getLog().info("envtest stopped (" + stopped + " process(es)); logs kept in " + workDirectory.toPath().resolve("logs"));
        } catch (RuntimeException e) {
            throw new MojoExecutionException("envtest could not stop cleanly: " + e.getMessage(), e);
        }
    }
}
