package dev.envtest.plugin.containers;

import java.nio.file.Path;

/**
 * One ServiceAccount's credentials as plain values and files, handed to the containers step by whoever provisioned
 * the identity. The containers step knows nothing else of Kubernetes.
 *
 * @param namespace             the ServiceAccount's namespace (written as the in-cluster {@code namespace} file)
 * @param name                  the ServiceAccount's name
 * @param tokenFile             a file holding its bearer token
 * @param caFile                the API server's CA certificate (PEM)
 * @param containerKubeconfig   a kubeconfig whose server is the URL containers use, CA inline, with the token
 * @param kubernetesServiceHost {@code KUBERNETES_SERVICE_HOST} for a container
 * @param kubernetesServicePort {@code KUBERNETES_SERVICE_PORT} for a container
 */
public record ContainerCredentials(
        String namespace,
        String name,
        Path tokenFile,
        Path caFile,
        Path containerKubeconfig,
        String kubernetesServiceHost,
        String kubernetesServicePort) {

    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
