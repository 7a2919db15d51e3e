package dev.envtest.plugin.mojo;

/**
 * A webhook the tests serve from their own JVM on {@code https://127.0.0.1:<port>}: the plugin issues its serving
 * certificate (PEM files and a PKCS#12 keystore, exported as {@code envtest.webhooks.<name>.*}) and points the webhook
 * configurations whose {@code clientConfig.service.name} is {@code name} at that port. In the pom:
 * <pre>{@code
 * <hostWebhook><name>my-operator-webhook-service</name><port>0</port></hostWebhook>   <!-- 0: a free port -->
 * }</pre>
 * or, short, {@code <hostWebhook>name[:port]</hostWebhook>} (also {@code -Denvtest.hostWebhooks=name:8443}).
 */
public class HostWebhookServer {

    private String name;
    private Integer port;

    /** The short form {@code name[:port]}. */
    public void set(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon > 0) {
            name = t.substring(0, colon).trim();
            try {
                port = Integer.parseInt(t.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hostWebhook '" + text + "': the port is not a number. Fix: name:8443, or name"
                        + " alone for a free port.", e);
            }
        } else {
            name = t;
        }
    }

    public String getName() {
        return name;
    }

    public Integer getPort() {
        return port;
    }
}
