package dev.envtest.plugin.mojo;

import dev.envtest.plugin.containers.BuildSpec;
import dev.envtest.plugin.containers.ContainerException;
import dev.envtest.plugin.containers.ContainerPlan;
import dev.envtest.plugin.containers.ContainerSpec;
import dev.envtest.plugin.containers.EnvFile;
import dev.envtest.plugin.containers.CredentialsMode;
import dev.envtest.plugin.containers.FileCopy;
import dev.envtest.plugin.containers.ImageSpec;
import dev.envtest.plugin.containers.PullPolicy;
import dev.envtest.plugin.containers.ServiceAccountRef;
import dev.envtest.plugin.containers.wait.ExecWait;
import dev.envtest.plugin.containers.wait.HealthcheckWait;
import dev.envtest.plugin.registry.RegistryAuthentication;
import dev.envtest.plugin.registry.RegistryServer;
import dev.envtest.plugin.containers.wait.HttpWait;
import dev.envtest.plugin.containers.wait.LogWait;
import dev.envtest.plugin.containers.wait.RunningWait;
import dev.envtest.plugin.containers.wait.TcpWait;
import dev.envtest.plugin.containers.wait.WaitStrategy;
import dev.envtest.plugin.webhooks.ContainerWebhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Maps the start goal's {@code containers} parameter to the core's checked {@link ContainerPlan}. */
final class ContainerParameters {

    private ContainerParameters() {
    }

    /**
     * What applies to every container unless it says otherwise.
     *
     * @param pullPolicy the goal's {@code pullPolicy} (a container's own wins)
     * @param offline    {@code mvn -o} or {@code envtest.offline}: nothing is pulled (never), whatever was configured
     * @param servers    settings.xml's servers, decrypted, for {@code authentication/serverId}
     */
    record Defaults(PullPolicy pullPolicy, boolean offline, List<RegistryServer> servers) {
        static final Defaults NONE = new Defaults(PullPolicy.MISSING, false, List.of());
    }

    static ContainerPlan toPlan(List<Container> containers, Path basedir) {
        return toPlan(containers, basedir, Defaults.NONE);
    }

    static ContainerPlan toPlan(List<Container> containers, Path basedir, Defaults defaults) {
        if (containers == null || containers.isEmpty()) {
            return ContainerPlan.empty();
        }
        List<ContainerSpec> specs = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            specs.add(toSpec(containers.get(i), i, basedir, defaults));
        }
        return ContainerPlan.of(specs);
    }

    static ContainerSpec toSpec(Container c, int index, Path basedir) {
        return toSpec(c, index, basedir, Defaults.NONE);
    }

    static ContainerSpec toSpec(Container c, int index, Path basedir, Defaults defaults) {
        String name = blank(c.getName()) ? derivedName(c, index) : c.getName().trim();
        String where = "container '" + name + "'";
        ImageSpec image;
        if (c.getBuild() != null) {
            image = ImageSpec.build(build(c.getBuild(), where, basedir), Optional.ofNullable(c.getImage()).map(String::trim).filter(s -> !s.isEmpty()));
        } else {
            PullPolicy policy = defaults.offline() ? PullPolicy.NEVER
                    : blank(c.getPullPolicy()) ? defaults.pullPolicy() : PullPolicy.parse(c.getPullPolicy(), name);
            image = ImageSpec.pull(blank(c.getImage()) ? "" : c.getImage().trim(), policy);
            // An <authentication> whose values are all empty (properties left unset) means none: found by host.
            if (c.getAuthentication() != null && !(blank(c.getAuthentication().getServerId())
                    && blank(c.getAuthentication().getUsername()) && blank(c.getAuthentication().getPassword()))) {
                image = image.withAuthentication(authentication(c.getAuthentication(), where, defaults.servers()));
            }
        }
        List<Integer> ports = new ArrayList<>();
        for (String p : ParameterValues.nonBlank(c.getPorts())) {
            ports.add(port(p, where));
        }
        if (c.getWebhook() != null && !ports.contains(webhookPort(c.getWebhook()))) {
            ports.add(webhookPort(c.getWebhook()));
        }
        List<FileCopy> files = new ArrayList<>();
        if (c.getFiles() != null) {
            for (ContainerFile f : c.getFiles()) {
                if (f == null || f.getSource() == null || blank(f.getTarget())) {
                    throw new ContainerException(where + ": every file needs a source and a target. Fix: <file><source>src/it/x.yaml</source>"
                            + "<target>/etc/app/x.yaml</target></file>.");
                }
                files.add(new FileCopy(resolve(basedir, f.getSource().toPath()), f.getTarget().trim(), mode(f.getMode(), where)));
            }
        }
        Optional<ServiceAccountRef> sa = blank(c.getServiceAccount()) ? Optional.empty() : Optional.of(new ServiceAccountRef(
                c.getServiceAccount().trim(), CredentialsMode.parse(c.getCredentials(), name),
                blank(c.getKubeconfigPath()) ? ServiceAccountRef.DEFAULT_KUBECONFIG_PATH : c.getKubeconfigPath().trim()));
        return new ContainerSpec(name, image, ParameterValues.nonBlank(c.getCommand()), raw(c.getArgs()), env(c, where, basedir), ParameterValues.nonBlank(c.getAliases()),
                ParameterValues.nonBlank(c.getDependsOn()), ports, files, map(c.getLabels()), sa, wait(c.getWait(), where),
                Optional.ofNullable(c.getUser()).map(String::trim).filter(s -> !s.isEmpty()), tmpfs(c.getTmpfs(), where),
                volumes(c.getVolumes(), where));
    }

    /** The containers declared as webhook servers, by their checked specs (same order as the parameter). */
    static List<ContainerWebhook> webhooks(List<Container> containers, ContainerPlan plan) {
        List<ContainerWebhook> out = new ArrayList<>();
        if (containers == null) {
            return out;
        }
        List<ContainerSpec> specs = plan.containers();
        for (int i = 0; i < containers.size() && i < specs.size(); i++) {
            ContainerWebhookServer w = containers.get(i).getWebhook();
            if (w != null) {
                ContainerSpec spec = specs.get(i);
                out.add(new ContainerWebhook(spec.name(), spec.aliases(), webhookPort(w),
                        blank(w.getCertDirectory()) ? ContainerWebhook.DEFAULT_CERT_DIRECTORY : w.getCertDirectory().trim(),
                        spec.readiness().timeout()));
            }
        }
        return out;
    }

    private static int webhookPort(ContainerWebhookServer w) {
        return w.getPort() == null ? ContainerWebhook.DEFAULT_PORT : w.getPort();
    }

    private static RegistryAuthentication authentication(ContainerAuthentication a, String where, List<RegistryServer> servers) {
        if (!blank(a.getServerId())) {
            String id = a.getServerId().trim();
            return RegistryAuthentication.ofServer(RegistryServers.byId(servers, id).orElseThrow(() -> new ContainerException(where
                    + ": authentication/serverId '" + id + "' names no <server> in Maven's settings ("
                    + (servers.isEmpty() ? "it has none" : "its servers: " + String.join(", ", servers.stream().map(RegistryServer::id).toList()))
                    + "). Fix: add <server><id>" + id + "</id><username>...</username><password>...</password></server> to"
                    + " ~/.m2/settings.xml (or the file given with mvn -s), or correct serverId.")));
        }
        if (blank(a.getUsername()) || blank(a.getPassword())) {
            throw new ContainerException(where + ": authentication needs a serverId, or both username and password. Fix:"
                    + " <authentication><serverId>my-registry</serverId></authentication> with that <server> in settings.xml.");
        }
        return RegistryAuthentication.ofUser(a.getUsername().trim(), a.getPassword());
    }

    /** The envFile's variables, then the pom's {@code env} (which wins for a name in both). */
    private static Map<String, String> env(Container c, String where, Path basedir) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFile() != null) {
            env.putAll(EnvFile.read(resolve(basedir, c.getEnvFile().toPath()), where));
        }
        env.putAll(map(c.getEnv()));
        return env;
    }

    /** {@code name:/path}: a volume of this run (created for it, removed by stop), shared by every container naming it. */
    private static Map<String, String> volumes(List<String> mounts, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String m : ParameterValues.nonBlank(mounts)) {
            String text = m.trim();
            int colon = text.indexOf(':');
            String name = colon < 0 ? "" : text.substring(0, colon);
            String path = colon < 0 ? "" : text.substring(colon + 1);
            if (!name.matches("[a-z0-9][a-z0-9_.-]*") || !path.startsWith("/")) {
                throw new ContainerException(where + ": volume '" + text + "' is not name:/path (a lower-case name, an absolute path"
                        + " in the container). Fix: e.g. <volumes><volume>pgdata:/var/lib/postgresql/data</volume></volumes>.");
            }
            out.put(name, path);
        }
        return out;
    }

    /** {@code /path} or {@code /path:size=64m,mode=1777}. */
    private static Map<String, String> tmpfs(List<String> mounts, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String m : ParameterValues.nonBlank(mounts)) {
            String text = m.trim();
            int colon = text.indexOf(':');
            String path = colon < 0 ? text : text.substring(0, colon);
            if (!path.startsWith("/")) {
                throw new ContainerException(where + ": tmpfs '" + text + "' is not an absolute path in the container. Fix: e.g."
                        + " <tmpfs><mount>/var/lib/postgresql/data</mount></tmpfs> or /tmp:size=64m.");
            }
            out.put(path, colon < 0 ? "" : text.substring(colon + 1));
        }
        return out;
    }

    /** Without a name: the image's or context's last path segment, else container-N. */
    private static String derivedName(Container c, int index) {
        String source = c.getBuild() != null && c.getBuild().getContextDirectory() != null
                ? c.getBuild().getContextDirectory().getName() : c.getImage();
        if (source != null) {
            String n = source.replaceAll("[@:].*$", "").replaceAll("^.*/", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
            if (n.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
                return n;
            }
        }
        return "container-" + (index + 1);
    }

    private static BuildSpec build(ContainerBuild b, String where, Path basedir) {
        if (b.getContextDirectory() == null) {
            throw new ContainerException(where + ": build has no contextDirectory. Fix: <build><contextDirectory>"
                    + "${project.build.directory}/image</contextDirectory></build>.");
        }
        Path context = resolve(basedir, b.getContextDirectory().toPath());
        Path containerfile;
        if (!blank(b.getContainerfile())) {
            Path given = Path.of(b.getContainerfile().trim());
            containerfile = given.isAbsolute() ? given : context.resolve(given);
        } else {
            containerfile = context.resolve("Containerfile");
            if (!Files.exists(containerfile) && Files.exists(context.resolve("Dockerfile"))) {
                containerfile = context.resolve("Dockerfile");
            }
        }
        return new BuildSpec(context, containerfile.normalize(), map(b.getArgs()));
    }

    private static WaitStrategy wait(ContainerWait w, String where) {
        if (w == null) {
            return new RunningWait(WaitStrategy.DEFAULT_TIMEOUT);
        }
        Duration timeout = w.getTimeout() == null ? WaitStrategy.DEFAULT_TIMEOUT : Duration.ofSeconds(w.getTimeout());
        List<WaitStrategy> kinds = new ArrayList<>();
        if (w.getHttp() != null) {
            ContainerHttpWait h = w.getHttp();
            if (h.getPort() == null) {
                throw new ContainerException(where + ": wait/http has no port. Fix: <http><port>8081</port><path>/readyz</path></http>.");
            }
            kinds.add(new HttpWait(h.getPort(), h.getPath(), h.getStatus() == null ? 200 : h.getStatus(), timeout));
        }
        if (!blank(w.getLog())) {
            try {
                kinds.add(new LogWait(Pattern.compile(w.getLog()), w.getLogTimes() == null ? 1 : w.getLogTimes(), timeout));
            } catch (PatternSyntaxException e) {
                throw new ContainerException(where + ": wait/log '" + w.getLog() + "' is not a regular expression: "
                        + e.getDescription() + ". Fix: escape special characters, e.g. \\. for a dot.", e);
            }
        }
        if (w.getTcp() != null) {
            kinds.add(new TcpWait(w.getTcp(), timeout));
        }
        if (Boolean.TRUE.equals(w.getHealthcheck())) {
            kinds.add(new HealthcheckWait(timeout));
        }
        List<String> exec = ParameterValues.nonBlank(w.getExec());
        if (!exec.isEmpty()) {
            kinds.add(new ExecWait(exec, timeout));
        }
        if (kinds.size() > 1) {
            throw new ContainerException(where + ": wait has " + kinds.size() + " kinds (" + String.join(", ",
                    kinds.stream().map(WaitStrategy::describe).toList()) + "). Fix: keep one of http, log, tcp, healthcheck, exec.");
        }
        return kinds.isEmpty() ? new RunningWait(timeout) : kinds.get(0);
    }

    private static int port(String text, String where) {
        String p = text.trim();
        if (p.endsWith("/tcp")) {
            p = p.substring(0, p.length() - 4);
        }
        if (p.contains("/")) {
            throw new ContainerException(where + ": port '" + text + "' is not TCP. Fix: only TCP ports are published (8080 or 8080/tcp).");
        }
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new ContainerException(where + ": port '" + text + "' is not a number. Fix: give the container port, e.g. 8080;"
                    + " the host port is chosen at random and exported as envtest.containers.<name>.port.<port>.");
        }
    }

    private static OptionalInt mode(String text, String where) {
        if (blank(text)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.trim(), 8));
        } catch (NumberFormatException e) {
            throw new ContainerException(where + ": file mode '" + text + "' is not octal. Fix: e.g. 0644.");
        }
    }

    private static Path resolve(Path basedir, Path p) {
        return (p.isAbsolute() ? p : basedir.resolve(p)).normalize();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Arguments keep their spaces; only missing ones are dropped. */
    private static List<String> raw(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static Map<String, String> map(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> out.put(k, v == null ? "" : v));
        }
        return out;
    }
}
