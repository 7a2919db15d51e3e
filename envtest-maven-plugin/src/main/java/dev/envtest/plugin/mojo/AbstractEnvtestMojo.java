package dev.envtest.plugin.mojo;

import dev.envtest.plugin.session.Reporter;
import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/** What every goal shares: the skip switches, the work directory and the log bridge. */
abstract class AbstractEnvtestMojo extends AbstractMojo {

    /** Skips this goal. Also skipped when {@code skipITs}, {@code skipTests} or {@code maven.test.skip} is true. */
    @Parameter(property = "envtest.skip", defaultValue = "false")
    protected boolean skip;

    /** Where PKI, kubeconfigs, logs, {@code envtest.properties} and {@code session.json} go. */
    @Parameter(property = "envtest.workDirectory", defaultValue = "${project.build.directory}/envtest")
    private File workDirectory;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** The work directory: configured, given on the command line, or the default — never an earlier start's export. */
    protected File workDirectory() {
        return echoesExport("workDirectory", "envtest.workDirectory") ? new File(project.getBuild().getDirectory(), "envtest")
                : workDirectory;
    }

    /**
     * The work directory as Maven resolved it, an earlier start's export included: what {@code stop} wants, so that a
     * pom that sets {@code workDirectory} only on its {@code start} execution stops that run.
     */
    protected File resolvedWorkDirectory() {
        return workDirectory;
    }

    /** Whether the parameter's value is only an earlier execution's export read back (see {@link ExportEcho}). */
    protected boolean echoesExport(String parameter, String property) {
        Xpp3Dom configuration = mojoExecution == null ? null : mojoExecution.getConfiguration();
        Xpp3Dom child = configuration == null ? null : configuration.getChild(parameter);
        boolean echo = ExportEcho.isEcho(property, child == null ? null : child.getValue(), session.getUserProperties(),
                session.getSystemProperties(), project.getProperties(), project.getContextValue(ExportEcho.CONTEXT_KEY));
        if (echo) {
            getLog().debug(parameter + ": " + property + "=" + project.getProperties().getProperty(property)
                    + " is an earlier execution's export, not this execution's setting; the default is used");
        }
        return echo;
    }

    /** Sets {@code exported} as project properties and remembers them, so later executions tell them from settings. */
    protected void exportToProject(java.util.Map<String, String> exported) {
        exported.forEach((k, v) -> project.getProperties().setProperty(k, v));
        project.setContextValue(ExportEcho.CONTEXT_KEY,
                ExportEcho.remember(project.getContextValue(ExportEcho.CONTEXT_KEY), exported));
    }

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
