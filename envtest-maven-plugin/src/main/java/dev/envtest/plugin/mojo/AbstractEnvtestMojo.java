package dev.envtest.plugin.mojo;

import dev.envtest.plugin.session.Reporter;
import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every goal shares: the skip switches, the work directory and the log bridge. */
abstract class AbstractEnvtestMojo extends AbstractMojo {

    /** Skips this goal. Also skipped when {@code skipITs}, {@code skipTests} or {@code maven.test.skip} is true. */
    @Parameter(property = "envtest.skip", defaultValue = "false")
    protected boolean skip;

    /** Where PKI, kubeconfigs, logs, {@code envtest.properties} and {@code session.json} go. */
    @Parameter(property = "envtest.workDirectory", defaultValue = "${project.build.directory}/envtest")
    protected File workDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** True, with a log line, when a skip switch is set. */
    protected boolean skipped(String goal) {
        Optional<String> reason = SkipSwitches.reason(skip,
                List.of(session.getUserProperties(), project.getProperties(), session.getSystemProperties()));
        reason.ifPresent(name -> getLog().info("envtest:" + goal + " skipped (" + name + ")"));
        return reason.isPresent();
    }

    protected Reporter reporter() {
        return new Reporter() {
            public void info(String message) {
                getLog().info(message);
            }

            public void warn(String message) {
                getLog().warn(message);
            }

            public void debug(String message) {
                getLog().debug(message);
            }
        };
    }
}
