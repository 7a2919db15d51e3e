package dev.envtest.plugin.identities;

import dev.envtest.plugin.pki.Pem;
import java.nio.file.Path;

/** Writes a ServiceAccount's files (see {@link ServiceAccountCredentials}); secrets owner-readable only. */
final class CredentialWriter {

    private final Path root;
    private final String hostUrl;
    private final String containerUrl;
    private final String caPem;
    private final InClusterEndpoint endpoint;

    CredentialWriter(Path root, String hostUrl, String containerUrl, String caPem, InClusterEndpoint endpoint) {
        this.root = root;
        this.hostUrl = hostUrl;
        this.containerUrl = containerUrl;
        this.caPem = caPem;
        this.endpoint = endpoint;
    }

    ServiceAccountCredentials write(ServiceAccountSpec sa, String prefix, ServiceAccountProvisioner.IssuedToken token) {
        Path dir = root.resolve(sa.namespace()).resolve(sa.name());
        Path tokenFile = Pem.writeSecret(dir.resolve("token"), token.token());
        Path kubeconfig = Kubeconfig.withToken(hostUrl, caPem, sa.username(), token.token(), sa.namespace())
                .writeTo(dir.resolve("kubeconfig"));
        Path containerKubeconfig = Kubeconfig.withToken(containerUrl, caPem, sa.username(), token.token(), sa.namespace())
                .writeTo(dir.resolve("container-kubeconfig"));
        Path env = Pem.writePublic(dir.resolve("in-cluster.env"), endpoint.envFile());
        Path bundle = dir.resolve("serviceaccount");
        Pem.writeSecret(bundle.resolve("token"), token.token());
        Pem.writePublic(bundle.resolve("ca.crt"), caPem);
        Pem.writePublic(bundle.resolve("namespace"), sa.namespace());
        return new ServiceAccountCredentials(sa, prefix, token.token(), token.expirationTimestamp(), dir, tokenFile,
                kubeconfig, containerKubeconfig, env, bundle);
    }
}
