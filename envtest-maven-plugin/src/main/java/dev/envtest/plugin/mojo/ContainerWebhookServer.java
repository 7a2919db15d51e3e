package dev.envtest.plugin.mojo;

/**
 * Declares a container as a webhook server: it gets a serving certificate signed by the run's CA, copied in before it
 * starts, its webhook port is published on 127.0.0.1, and the webhook configurations whose
 * {@code clientConfig.service} names the container (or an alias) are pointed at that port. In the pom:
 * <pre>{@code
 * <webhook>
 *   <port>9443</port>                                              <!-- default: controller-runtime's 9443 -->
 *   <certDirectory>/tmp/k8s-webhook-server/serving-certs</certDirectory>   <!-- tls.crt, tls.key; the default -->
 * </webhook>
 * }</pre>
 * or, short, {@code <webhook>9443</webhook>}.
 */
public class ContainerWebhookServer {

    private Integer port;
    private String certDirectory;

    /** The short form: the port; Maven calls this for a text value. */
    public void set(String text) {
        if (text != null && !text.isBlank()) {
            try {
                port = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("webhook '" + text + "' is not a port. Fix: <webhook>9443</webhook> or"
                        + " <webhook><port>9443</port></webhook>.", e);
            }
        }
    }

    public Integer getPort() {
        return port;
    }

    public String getCertDirectory() {
        return certDirectory;
    }
}
