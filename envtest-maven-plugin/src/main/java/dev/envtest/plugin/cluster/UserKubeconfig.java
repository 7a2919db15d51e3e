package dev.envtest.plugin.cluster;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One context of the user's kubeconfig, read so that nothing can ever be written back: the file's content is read
 * here and handed to fabric8 as a string, never as a path. (Given a path, fabric8 remembers it and persists refreshed
 * OIDC tokens into that file; from a string it knows no file.) Because the content has no file any more, relative
 * file references (certificate-authority, client-certificate, client-key, tokenFile, an exec command with a slash) are
 * made absolute against the kubeconfig's directory first, as kubectl resolves them.
 */
public final class UserKubeconfig {

    private final KubeconfigLocation location;
    private final String context;
    private final Config config;
    private final NamedContext namedContext;
    private final NamedCluster cluster;
    private final NamedAuthInfo user;

    private UserKubeconfig(KubeconfigLocation location, String context, Config config, NamedContext namedContext,
            NamedCluster cluster, NamedAuthInfo user) {
        this.location = location;
        this.context = context;
        this.config = config;
        this.namedContext = namedContext;
        this.cluster = cluster;
        this.user = user;
    }

    /** Reads {@code location} and selects {@code context} (by default its current-context); every problem names the fix. */
    public static UserKubeconfig read(KubeconfigLocation location, Optional<String> context) {
        Path file = location.path();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ClusterException("cluster=existing: the kubeconfig " + file + " does not exist (from " + location.source()
                    + "). Fix: set -Denvtest.existingCluster.kubeconfig=<path of a kubeconfig> (or KUBECONFIG), or use"
                    + " -Denvtest.cluster=envtest to start envtest instead.", e);
        } catch (IOException e) {
            throw new ClusterException("cluster=existing: the kubeconfig " + file + " cannot be read (" + e.getMessage()
                    + "). Fix: make it readable for this user, or set -Denvtest.existingCluster.kubeconfig to another file.", e);
        }
        Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfigFromString(content);
        } catch (RuntimeException e) {
            // only where, not the parser's words: they quote the file, which may hold credentials
            throw new ClusterException("cluster=existing: " + file + " is not a kubeconfig (" + where(e) + "). Fix: point"
                    + " -Denvtest.existingCluster.kubeconfig at a kubeconfig file.");
        }
        List<NamedContext> contexts = parsed == null || parsed.getContexts() == null ? List.of() : parsed.getContexts();
        String wanted = context.filter(c -> !c.isBlank()).map(String::trim).orElse(parsed == null ? null : parsed.getCurrentContext());
        String known = contexts.isEmpty() ? "none" : String.join(", ", contexts.stream().map(NamedContext::getName).toList());
        if (wanted == null || wanted.isBlank()) {
            throw new ClusterException("cluster=existing: " + file + " has no current-context and no context was given. Fix: set"
                    + " -Denvtest.existingCluster.context to one of its contexts: " + known + ".");
        }
        NamedContext named = contexts.stream().filter(c -> wanted.equals(c.getName())).findFirst()
                .orElseThrow(() -> new ClusterException("cluster=existing: context \"" + wanted + "\" is not in " + file
                        + " (it has: " + known + "). Fix: set -Denvtest.existingCluster.context to one of those"
                        + (context.isPresent() ? "" : ", or correct the file's current-context") + "."));
        if (named.getContext() == null || named.getContext().getCluster() == null) {
            throw new ClusterException("cluster=existing: context \"" + wanted + "\" in " + file + " names no cluster. Fix: give it"
                    + " a cluster, or choose another context (" + known + ").");
        }
        String clusterName = named.getContext().getCluster();
        NamedCluster cluster = parsed.getClusters() == null ? null : parsed.getClusters().stream()
                .filter(c -> clusterName.equals(c.getName())).findFirst().orElse(null);
        if (cluster == null || cluster.getCluster() == null || cluster.getCluster().getServer() == null) {
            throw new ClusterException("cluster=existing: context \"" + wanted + "\" in " + file + " names cluster \"" + clusterName
                    + "\", which is not in the file (or has no server). Fix: add it, or choose another context.");
        }
        String userName = named.getContext().getUser();
        NamedAuthInfo user = userName == null || parsed.getUsers() == null ? null : parsed.getUsers().stream()
                .filter(u -> userName.equals(u.getName())).findFirst().orElse(null);
        Path directory = file.toAbsolutePath().getParent();
        absolutize(cluster.getCluster(), directory);
        if (user != null && user.getUser() != null) {
            absolutize(user.getUser(), directory);
        }
        return new UserKubeconfig(location, wanted, parsed, named, cluster, user);
    }

    private static String where(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
                return "unreadable at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
            }
        }
        return "unreadable YAML";
    }

    private static void absolutize(Cluster cluster, Path directory) {
        cluster.setCertificateAuthority(absolute(cluster.getCertificateAuthority(), directory));
    }

    private static void absolutize(AuthInfo user, Path directory) {
        user.setClientCertificate(absolute(user.getClientCertificate(), directory));
        user.setClientKey(absolute(user.getClientKey(), directory));
        user.setTokenFile(absolute(user.getTokenFile(), directory));
        if (user.getExec() != null && user.getExec().getCommand() != null && user.getExec().getCommand().contains("/")) {
            // kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH
            user.getExec().setCommand(absolute(user.getExec().getCommand(), directory));
        }
    }

    private static String absolute(String path, Path directory) {
        if (path == null || path.isBlank() || Path.of(path).isAbsolute()) {
            return path;
        }
        return directory.resolve(path).normalize().toString();
    }

    public KubeconfigLocation location() {
        return location;
    }

    public String context() {
        return context;
    }

    /** The context's user name (never its credentials). */
    public String user() {
        return namedContext.getContext().getUser();
    }

    public String clusterName() {
        return cluster.getName();
    }

    /** The cluster's server URL, as the kubeconfig gives it. */
    public String server() {
        return cluster.getCluster().getServer().replaceAll("/+$", "");
    }

    public boolean insecureSkipTlsVerify() {
        return Boolean.TRUE.equals(cluster.getCluster().getInsecureSkipTlsVerify());
    }

    /** The CA (PEM) of certificate-authority-data or the certificate-authority file, if the kubeconfig names one. */
    public Optional<String> caPem() {
        Cluster c = cluster.getCluster();
        if (c.getCertificateAuthorityData() != null && !c.getCertificateAuthorityData().isBlank()) {
            return Optional.of(new String(Base64.getMimeDecoder().decode(c.getCertificateAuthorityData().trim()), StandardCharsets.UTF_8));
        }
        if (c.getCertificateAuthority() != null && !c.getCertificateAuthority().isBlank()) {
            try {
                return Optional.of(Files.readString(Path.of(c.getCertificateAuthority())));
            } catch (IOException e) {
                throw new ClusterException("cluster=existing: the certificate-authority file " + c.getCertificateAuthority()
                        + " of cluster \"" + cluster.getName() + "\" in " + location.path() + " cannot be read (" + e.getMessage()
                        + "). Fix: correct the path in the kubeconfig.", e);
            }
        }
        return Optional.empty();
    }

    /** The context's default namespace, or {@code default}. */
    public String namespace() {
        String ns = namedContext.getContext().getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    /**
     * A client configuration for the selected context, with no file behind it (so nothing is persisted), no
     * environment variables or system properties, and bounded timeouts.
     */
    public io.fabric8.kubernetes.client.Config clientConfig() {
        io.fabric8.kubernetes.client.Config client = io.fabric8.kubernetes.client.Config.empty();
        KubeConfigUtils.merge(client, context, singleContext(server()));
        client.setConnectionTimeout(10_000);
        client.setRequestTimeout(30_000);
        client.setRequestRetryBackoffLimit(0);
        client.setNamespace(namespace());
        return client;
    }

    /**
     * A kubeconfig of only the selected context, its cluster (with {@code server}) and user, paths absolute, as YAML: for
     * the tests ({@code envtest.kubeconfig}) and containers. It holds the user's credentials: write it owner-only.
     */
    public String singleContextYaml(String server) {
        return Serialization.asYaml(singleContext(server));
    }

    private Config singleContext(String server) {
        NamedCluster c = Serialization.clone(cluster);
        c.getCluster().setServer(server);
        Config single = new Config();
        single.setApiVersion("v1");
        single.setKind("Config");
        single.setClusters(List.of(c));
        single.setContexts(List.of(Serialization.clone(namedContext)));
        single.setUsers(user == null ? List.of() : List.of(Serialization.clone(user)));
        single.setCurrentContext(context);
        return single;
    }
}
