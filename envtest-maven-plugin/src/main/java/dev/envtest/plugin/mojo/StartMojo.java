package dev.envtest.plugin.mojo;

import dev.envtest.plugin.cluster.ClusterObjectCleaner;
import dev.envtest.plugin.containers.ContainerCleaner;
import dev.envtest.plugin.containers.ContainerPlan;
import dev.envtest.plugin.containers.ContainersStage;
import dev.envtest.plugin.lifecycle.EnvtestStart;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.lifecycle.StartedEnvtest;
import dev.envtest.plugin.webhooks.WebhooksRequest;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.envtest.plugin.containers.PullPolicy;
import dev.envtest.plugin.registry.RegistryCredentials;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Starts etcd and kube-apiserver where the container engine's containers can reach them with verified TLS,
 * writes an admin kubeconfig and {@code envtest.properties}, and sets the same values as project properties.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractControlPlaneMojo {






    /** Extra kube-apiserver flags ({@code --name=value}); one with a default's name replaces only that default. */
    @Parameter(property = "envtest.apiServerArgs")
    private List<String> apiServerArgs = new ArrayList<>();

    /** Extra etcd flags ({@code --name=value}), same rule. */
    @Parameter(property = "envtest.etcdArgs")
    private List<String> etcdArgs = new ArrayList<>();

    /** Seconds to wait for etcd's /health and then the API server's /readyz. */
    @Parameter(property = "envtest.startupTimeout", defaultValue = "60")
    private int startupTimeout;


    /**
     * CustomResourceDefinitions to install first, waited on until Established: files, or directories whose
     * {@code .yaml}, {@code .yml} and {@code .json} files are read (not subdirectories), e.g. {@code config/crd/bases}.
     */
    @Parameter(property = "envtest.crdDirectories")
    private List<File> crdDirectories = new ArrayList<>();

    /** Fail when a {@code crdDirectories} path does not exist (otherwise it is skipped with a warning). */
    @Parameter(property = "envtest.errorIfCrdPathMissing", defaultValue = "false")
    private boolean errorIfCrdPathMissing;

    /**
     * Files or directories of multi-document YAML (Namespaces, RBAC, Services, ConfigMaps, custom resources...)
     * applied with server-side apply after the CRDs; {@code ${property}} placeholders are replaced with the
     * project's properties. See the identities page.
     */
    @Parameter(property = "envtest.manifests")
    private List<File> manifests = new ArrayList<>();

    /**
     * ServiceAccounts to create, bind and issue TokenRequest tokens for; each gets kubeconfigs, an in-cluster bundle
     * and {@code envtest.sa.<name>.*} properties. See the identities page.
     */
    @Parameter(property = "envtest.serviceAccounts")
    private List<ServiceAccount> serviceAccounts = new ArrayList<>();

    /** Default lifetime of the ServiceAccount tokens ({@code 24h}, {@code 90m}, {@code PT2H}; at least 10m). */
    @Parameter(property = "envtest.tokenExpiry", defaultValue = "24h")
    private String tokenExpiry;

    /**
     * Containers to run on a network of this build's own once the identities are ready (images pulled or built from a
     * Containerfile, ports published on random 127.0.0.1 ports, a ServiceAccount's credentials injected, waited on until
     * ready); each exports {@code envtest.containers.<name>.*}. See the containers page.
     */
    @Parameter(property = "envtest.containers")
    private List<Container> containers = new ArrayList<>();

    /**
     * Webhooks the tests serve from their own JVM on {@code https://127.0.0.1:<port>} ({@code name[:port]}, port 0 or
     * none: a free one): each gets a serving certificate and keystore ({@code envtest.webhooks.<name>.*}), and the
     * webhook configurations whose {@code clientConfig.service.name} is the name call it. See the webhooks page.
     */
    @Parameter(property = "envtest.hostWebhooks")
    private List<HostWebhookServer> hostWebhooks = new ArrayList<>();

    /**
     * Leave the control plane and the containers running after the build (no shutdown hook; {@code stop} only prints
     * how to clean up), for debugging. A later {@code mvn envtest:stop} or the next {@code start} removes them.
     */
    @Parameter(property = "envtest.keepRunning", defaultValue = "false")
    private boolean keepRunning;

    /**
     * Start etcd on a copy of a saved bootstrap: the data directory of an etcd into which only kube-apiserver's own
     * first start wrote (bootstrap RBAC, namespaces, priority and flow-control objects), saved once per Kubernetes
     * binaries, etcd binary and flag set in the user's cache directory by a dedicated start in the background, never
     * from a run's own etcd. Runs with apiServerArgs or etcdArgs always start etcd empty. See the performance guide.
     */
    @Parameter(property = "envtest.warmEtcd", defaultValue = "true")
    private boolean warmEtcd;

    /**
     * When images named in {@code containers} are pulled, unless a container says otherwise: {@code missing} (when
     * the engine lacks it), {@code always}, {@code never}. Offline ({@code mvn -o}, {@code envtest.offline}) means never.
     */
    @Parameter(property = "envtest.pullPolicy", defaultValue = "missing")
    private String pullPolicy;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    private Settings settings;

    @Component
    private SettingsDecrypter settingsDecrypter;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution mojoExecution;

    @Override
    public void execute() throws MojoExecutionException {
        // the timeline's origin: mapping the parameters below is part of the goal's time
        long began = System.nanoTime();
        if (skipped("start")) {
            return;
        }
        if (startupTimeout <= 0) {
            throw new MojoExecutionException("startupTimeout=" + startupTimeout + " must be a positive number of seconds."
                    + " Fix: set -Denvtest.startupTimeout=60 or leave it out.");
        }
        dev.envtest.plugin.identities.IdentitiesRequest identities;
        try {
            identities = IdentitiesParameters.toRequest(crdDirectories, errorIfCrdPathMissing, manifests, serviceAccounts,
                    tokenExpiry, Duration.ofSeconds(startupTimeout), project, session.getUserProperties());
        } catch (RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        ContainerPlan containerPlan;
        RegistryServers.Decrypted servers = RegistryServers.of(settings, settingsDecrypter);
        servers.problems().forEach(p -> getLog().warn("settings.xml: " + p));
        WebhooksRequest webhooks;
        try {
            ContainerParameters.Defaults defaults = new ContainerParameters.Defaults(
                    PullPolicy.parse(pullPolicy, "(every)"), offline(), servers.servers());
            containerPlan = ContainerParameters.toPlan(containers, project.getBasedir().toPath(), defaults);
            webhooks = new WebhooksRequest(ContainerParameters.webhooks(containers, containerPlan), HostWebhookParameters.toHosts(hostWebhooks));
        } catch (RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        StartRequest request = controlPlaneRequest(workDirectory().toPath())
                .apiServerArgs(ParameterValues.nonBlank(apiServerArgs))
                .etcdArgs(ParameterValues.nonBlank(etcdArgs))
                .startupTimeout(Duration.ofSeconds(startupTimeout))
                .stopOnExit(!invokedAlone() && !keepRunning)
                .warmEtcd(warmEtcd)
                .identities(identities)
                .goalStarted(began)
                .build();
        StartedEnvtest started;
        try {
            ContainerCleaner cleaner = new ContainerCleaner();
            started = new EnvtestStart(reporter(), List.of(cleaner, new ClusterObjectCleaner()))
                    .withContainers(new ContainersStage(containerPlan, cleaner).withRegistryCredentials(
                            new RegistryCredentials(servers.servers(), System.getenv(), Path.of(System.getProperty("user.home")))))
                    .withWebhooks(webhooks)
                    .start(request);
        } catch (RuntimeException e) {
            throw new MojoExecutionException("envtest could not start: " + e.getMessage(), e);
        }
        exportToProject(started.properties().asMap());
        if (invokedAlone() || keepRunning) {
            getLog().info("envtest keeps running after this build; stop it with: mvn envtest:stop (in " + project.getBasedir() + ")");
        }
        getLog().debug("Exported properties: " + started.properties().asMap().keySet());
    }

    /** {@code mvn envtest:start} on its own: keep envtest up after Maven exits, until {@code mvn envtest:stop}. */
    private boolean invokedAlone() {
        return mojoExecution.getSource() == MojoExecution.Source.CLI;
    }
}
