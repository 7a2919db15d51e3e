package dev.envtest.plugin.identities;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API server that identities are provisioned in, as this stage needs it: the URL for this machine, the URL
 * containers dial, the CA (PEM) clients trust, a new admin client, and whose objects are whose. Both envtest's own
 * control plane ({@link EnvtestEndpoint}) and a cluster the build did not start provide one.
 */
public interface ClusterEndpoint {

    /** The URL for clients on this machine. */
    String hostUrl();

    /** The URL containers dial (for envtest: the engine's host name, which the serving certificate covers). */
    String containerUrl();

    /** The CA certificate (PEM) that the written kubeconfigs and in-cluster bundles trust. */
    String caPem();

    /** A new client with the admin's credentials, TLS verified; the caller closes it. */
    KubernetesClient connectAdmin();

    /** Which objects are labelled and recorded as this run's: none for envtest (it goes away whole). */
    ObjectOwnership ownership();
}
