package dev.envtest.plugin.identities;

import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.pki.ControlPlanePki;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withCaCertData(base64(pki.caPem()))
                .withClientCertData(base64(pki.admin().certificatePem()))
                .withClientKeyData(base64(pki.admin().privateKeyPem()))
                .withClientKeyAlgo(pki.admin().keyPair().getPrivate().getAlgorithm())
                .withTrustCerts(false)
                .withDisableHostnameVerification(false)
                .withNamespace("default")
                .withConnectionTimeout(10_000)
                .withRequestTimeout(30_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
