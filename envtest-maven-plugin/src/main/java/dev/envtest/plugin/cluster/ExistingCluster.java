package dev.envtest.plugin.cluster;

import dev.envtest.plugin.identities.ClusterEndpoint;
import dev.envtest.plugin.identities.ObjectOwnership;
import dev.envtest.plugin.identities.ShutdownOnCloseHttpClientFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A cluster the build did not start, as the identities stage provisions in it: the kubeconfig context's server and
 * credentials (read so nothing is written back, see {@link UserKubeconfig}), the URL containers dial, the CA, and the
 * run's ownership of what it creates.
 */
public final class ExistingCluster implements ClusterEndpoint {

    private final UserKubeconfig kubeconfig;
    private final String containerUrl;
    private final ObjectOwnership ownership;

    public ExistingCluster(UserKubeconfig kubeconfig, String containerUrl, ObjectOwnership ownership) {
        this.kubeconfig = kubeconfig;
        this.containerUrl = containerUrl;
        this.ownership = ownership;
    }

    public UserKubeconfig kubeconfig() {
        return kubeconfig;
    }

    @Override
    public String hostUrl() {
        return kubeconfig.server();
    }

    @Override
    public String containerUrl() {
        return containerUrl;
    }

    /** The kubeconfig's CA; {@link ClusterPlan} refuses a run that writes credentials for a cluster without one. */
    @Override
    public String caPem() {
        return kubeconfig.caPem().orElseThrow(() -> new ClusterException("cluster=existing: cluster \"" + kubeconfig.clusterName()
                + "\" of " + kubeconfig.location().path() + " names no certificate-authority. Fix: add its CA as"
                + " certificate-authority-data to the kubeconfig."));
    }

    @Override
    public KubernetesClient connectAdmin() {
        return connect(kubeconfig);
    }

    /** A new client for the kubeconfig's context; the caller closes it. */
    static KubernetesClient connect(UserKubeconfig kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(kubeconfig.clientConfig())
                .withHttpClientFactory(new ShutdownOnCloseHttpClientFactory())
                .build();
    }

    /**
     * A client speaking HTTP/1.1, for the preflight: kube-apiserver ends an HTTP/2 connection with GOAWAY once a request
     * on it was not authenticated, so the client's retry of a 401 would report "GOAWAY received" instead of the 401.
     */
    static KubernetesClient connectOverHttp11(UserKubeconfig kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(kubeconfig.clientConfig())
                .withHttpClientFactory(new ShutdownOnCloseHttpClientFactory() {
                    @Override
                    protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
                        builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
                    }
                })
                .build();
    }

    @Override
    public ObjectOwnership ownership() {
        return ownership;
    }
}
