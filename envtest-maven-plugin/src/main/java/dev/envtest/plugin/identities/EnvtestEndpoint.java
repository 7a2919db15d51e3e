package dev.envtest.plugin.identities;

import dev.envtest.plugin.controlplane.RunningControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * envtest's own control plane as a {@link ClusterEndpoint}: its admin client certificate, its CA. Nothing is labelled
 * or recorded, because stop deletes etcd's data and with it every object.
 */
public record EnvtestEndpoint(RunningControlPlane controlPlane) implements ClusterEndpoint {

    @Override
    public String hostUrl() {
        return controlPlane.hostUrl();
    }

    @Override
    public String containerUrl() {
        return controlPlane.containerUrl();
    }

    @Override
    public String caPem() {
        return controlPlane.pki().caPem();
    }

    @Override
    public KubernetesClient connectAdmin() {
        return AdminClient.connect(controlPlane);
    }

    @Override
    public ObjectOwnership ownership() {
        return ObjectOwnership.none();
    }
}
