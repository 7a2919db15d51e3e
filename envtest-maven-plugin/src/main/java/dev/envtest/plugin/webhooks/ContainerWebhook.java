package dev.envtest.plugin.webhooks;

import java.time.Duration;
import java.util.List;

/**
 * A container declared as a webhook server ({@code <webhook>} of a container).
 *
 * @param container     the container's name
 * @param aliases       its network aliases: also names a {@code clientConfig.service} may use, and serving names
 * @param port          the container port it serves HTTPS on (controller-runtime's default {@value #DEFAULT_PORT})
 * @param certDirectory where {@code tls.crt} and {@code tls.key} are copied in (controller-runtime's default)
 * @param timeout       how long, after its wait, a TLS handshake on the port may take to succeed (the wait's timeout)
 */
public record ContainerWebhook(String container, List<String> aliases, int port, String certDirectory, Duration timeout) {

    public static final int DEFAULT_PORT = 9443;
    public static final String DEFAULT_CERT_DIRECTORY = "/tmp/k8s-webhook-server/serving-certs";

    public ContainerWebhook {
        aliases = List.copyOf(aliases);
    }
}
