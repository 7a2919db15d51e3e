package dev.envtest.plugin.containers;

import java.util.Locale;

/** How a ServiceAccount's credentials are handed to a container. */
public enum CredentialsMode {
    /**
     * The in-cluster bundle: {@code token}, {@code ca.crt} and {@code namespace} under
     * {@code /var/run/secrets/kubernetes.io/serviceaccount/} plus {@code KUBERNETES_SERVICE_HOST}/{@code _PORT},
     * what client-go's {@code rest.InClusterConfig} and fabric8's auto-configuration read. The default.
     */
    IN_CLUSTER,
    /** A kubeconfig file copied into the container, with {@code KUBECONFIG} pointing at it. */
    KUBECONFIG;

    public static CredentialsMode parse(String value, String container) {
        if (value == null || value.isBlank()) {
            return IN_CLUSTER;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (v) {
            case "incluster" -> IN_CLUSTER;
            case "kubeconfig" -> KUBECONFIG;
            default -> throw new ContainerException("container '" + container + "': credentials '" + value
                    + "' is not one of inCluster, kubeconfig. Fix: use one of those (default inCluster).");
        };
    }
}
