package dev.envtest.plugin.identities;

import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PropertyExport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of provisioning: every ServiceAccount's credentials, and counts for the log.
 *
 * @param directory          {@code target/envtest/identities}
 * @param endpoint           the in-cluster host and port for containers
 * @param serviceAccounts    in declaration order
 * @param crdCount           CustomResourceDefinitions applied and Established
 * @param documentCount      manifest documents applied
 */
public record ProvisionedIdentities(
        Path directory,
        InClusterEndpoint endpoint,
        List<ServiceAccountCredentials> serviceAccounts,
        int crdCount,
        int documentCount) implements PropertyExport {

    public Optional<ServiceAccountCredentials> serviceAccount(String namespace, String name) {
        return serviceAccounts.stream()
                .filter(c -> c.spec().namespace().equals(namespace) && c.spec().name().equals(name))
                .findFirst();
    }

    /**
     * Adds {@code envtest.inCluster.host}, {@code envtest.inCluster.port}, {@code envtest.identities} and, per
     * ServiceAccount, the names listed in {@link PropertyNames#SUFFIXES} (the token as a secret).
     */
    @Override
    public void exportTo(ExportedProperties properties) {
        properties.put("envtest.inCluster.host", endpoint.host())
                .put("envtest.inCluster.port", Integer.toString(endpoint.port()))
                .put("envtest.identities", directory.toString());
        for (ServiceAccountCredentials c : serviceAccounts) {
            String p = c.propertyPrefix();
            properties.put(p + "name", c.spec().name())
                    .put(p + "namespace", c.spec().namespace())
                    .put(p + "username", c.spec().username())
                    .putSecret(p + "token", c.token())
                    .put(p + "tokenFile", c.tokenFile().toString())
                    .put(p + "tokenExpiration", c.tokenExpiration() == null ? "" : c.tokenExpiration())
                    .put(p + "kubeconfig", c.kubeconfig().toString())
                    .put(p + "container.kubeconfig", c.containerKubeconfig().toString())
                    .put(p + "inCluster", c.inClusterDirectory().toString())
                    .put(p + "inCluster.env", c.inClusterEnv().toString());
        }
    }
}
