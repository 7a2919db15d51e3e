package dev.envtest.plugin.identities;

import java.nio.file.Path;

/**
 * A provisioned ServiceAccount's credentials and the files that hold them, under
 * {@code target/envtest/identities/<namespace>/<name>/}:
 * <pre>
 *   token                 the TokenRequest token (owner-only)
 *   kubeconfig            server envtest.url, the CA, the token (owner-only)
 *   container-kubeconfig  server envtest.container.url, the CA, the token (owner-only)
 *   in-cluster.env        KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT for a container
 *   serviceaccount/       token, ca.crt, namespace: copy its files into /var/run/secrets/kubernetes.io/serviceaccount/
 * </pre>
 *
 * @param spec              the declared ServiceAccount
 * @param propertyPrefix    e.g. {@code envtest.sa.reader.}
 * @param token             the token: a secret, never logged ({@link #toString()} hides it)
 * @param tokenExpiration   its expiration timestamp (RFC 3339)
 */
public record ServiceAccountCredentials(
        ServiceAccountSpec spec,
        String propertyPrefix,
        String token,
        String tokenExpiration,
        Path directory,
        Path tokenFile,
        Path kubeconfig,
        Path containerKubeconfig,
        Path inClusterEnv,
        Path inClusterDirectory) {

    /** Where a Pod finds these files, and where a container's in-cluster configuration looks for them. */
    public static final String IN_CLUSTER_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** The files of the in-cluster bundle, in {@link #inClusterDirectory()}. */
    public static final java.util.List<String> IN_CLUSTER_FILES = java.util.List.of("token", "ca.crt", "namespace");

    @Override
    public String toString() {
        return "ServiceAccountCredentials[" + spec.qualifiedName() + ", token=****, directory=" + directory + "]";
    }
}
