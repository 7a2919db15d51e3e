package dev.envtest.plugin.mojo;

import dev.envtest.plugin.session.Reporter;
import java.io.File;
import java.util.Properties;
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
        for (String name : new String[] {"envtest.skip", "skipITs", "skipTests", "maven.test.skip"}) {
            if (name.equals("envtest.skip") ? skip : flag(name)) {
                getLog().info("envtest:" + goal + " skipped (" + name + ")");
                return true;
            }
        }
        return false;
    }

    private boolean flag(String name) {
        String value = lookup(name);
        return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
    }

    private String lookup(String name) {
        for (Properties p : new Properties[] {session.getUserProperties(), project.getProperties(), session.getSystemProperties()}) {
            if (p != null && p.containsKey(name)) {
                return p.getProperty(name);
            }
        }
        return null;
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
