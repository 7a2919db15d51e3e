package dev.envtest.plugin.identities;

import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.pki.TlsContexts;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * A fabric8 client for the envtest API server, authenticated as the admin client certificate and trusting only the
 * envtest CA (hostname verified). It reads no kubeconfig, environment variable or system property.
 */
public final class AdminClient {

    private AdminClient() {
    }

    public static KubernetesClient connect(RunningControlPlane controlPlane) {
        return connect(controlPlane.hostUrl(), controlPlane.pki());
    }

    public static KubernetesClient connect(String url, ControlPlanePki pki) {
        // no CA, certificate or key in the Config: fabric8 would put the key into a PKCS12 store (PBKDF2, 0.2 s of CPU
        // and as much JIT) and trust the JDK's default CAs beside ours; the TLS managers are given to its HTTP client below
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withTrustCerts(false)
                .withDisableHostnameVerification(false)
                .withNamespace("default")
                .withConnectionTimeout(10_000)
                .withRequestTimeout(30_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        KeyManager[] keys = TlsContexts.keyManagers(pki.authority().certificate(), pki.admin());
        TrustManager[] trust = TlsContexts.trustManagers(pki.authority().certificate());
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new ShutdownOnCloseHttpClientFactory())
                // applied after the Config's TLS settings, so these are the ones the client uses
                .withHttpClientBuilderConsumer(builder -> builder.sslContext(keys, trust))
                .build();
    }
}
