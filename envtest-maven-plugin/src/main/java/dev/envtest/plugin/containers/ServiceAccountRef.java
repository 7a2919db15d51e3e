package dev.envtest.plugin.containers;

/**
 * The identity a container runs as.
 *
 * @param reference      {@code name} or {@code namespace/name} of a ServiceAccount the build provisions
 * @param mode           in-cluster bundle (default) or kubeconfig
 * @param kubeconfigPath where the kubeconfig goes in the container, in kubeconfig mode
 */
public record ServiceAccountRef(String reference, CredentialsMode mode, String kubeconfigPath) {

    public static final String DEFAULT_KUBECONFIG_PATH = "/etc/envtest/kubeconfig";
    public static final String IN_CLUSTER_DIRECTORY = "/var/run/secrets/kubernetes.io/serviceaccount";
}
