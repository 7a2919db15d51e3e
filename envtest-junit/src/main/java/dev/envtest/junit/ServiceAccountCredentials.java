package dev.envtest.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One declared ServiceAccount's exported credentials ({@code envtest.sa.<name>.*}). {@link #toString()} never shows
 * the token, so a failing assertion cannot print it to the build log.
 */
public final class ServiceAccountCredentials {

    private final Envtest envtest;
    private final String prefix;

    ServiceAccountCredentials(Envtest envtest, String prefix) {
        this.envtest = envtest;
        this.prefix = prefix;
    }

    private String get(String suffix) {
        return envtest.property(prefix + suffix);
    }

    public String name() {
        return get("name");
    }

    public String namespace() {
        return get("namespace");
    }

    /** {@code system:serviceaccount:<namespace>:<name>}, as a TokenReview reports it. */
    public String username() {
        return get("username");
    }

    /** The bearer token (a secret: do not print it). */
    public String token() {
        return get("token");
    }

    /** The file holding the token (mode 0600). */
    public Path tokenFile() {
        return Path.of(get("tokenFile"));
    }

    public Instant tokenExpiration() {
        return Instant.parse(get("tokenExpiration"));
    }

    /** Its kubeconfig for this machine (server {@code envtest.url}, CA and token inline). */
    public Path kubeconfig() {
        return Path.of(get("kubeconfig"));
    }

    /** Its kubeconfig for containers (server {@code envtest.container.url}). */
    public Path containerKubeconfig() {
        return Path.of(get("container.kubeconfig"));
    }

    /** The in-cluster bundle directory: {@code token}, {@code ca.crt}, {@code namespace}. */
    public Path inCluster() {
        return Path.of(get("inCluster"));
    }

    /** {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} lines for a container using the bundle. */
    public Path inClusterEnv() {
        return Path.of(get("inCluster.env"));
    }

    /** A new fabric8 client authenticated as this ServiceAccount; close it. */
    public KubernetesClient client() {
        return Envtest.client(kubeconfig());
    }

    @Override
    public String toString() {
        return "ServiceAccount " + namespace() + "/" + name();
    }
}
