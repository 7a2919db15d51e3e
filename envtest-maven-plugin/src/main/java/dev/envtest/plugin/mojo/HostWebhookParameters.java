package dev.envtest.plugin.mojo;

import dev.envtest.plugin.webhooks.HostWebhook;
import java.util.ArrayList;
import java.util.List;

/** Maps the start goal's {@code hostWebhooks} parameter to the webhooks stage's {@link HostWebhook}s. */
final class HostWebhookParameters {

    private HostWebhookParameters() {
    }

    static List<HostWebhook> toHosts(List<HostWebhookServer> parameters) {
        List<HostWebhook> hosts = new ArrayList<>();
        if (parameters == null) {
            return hosts;
        }
        for (int i = 0; i < parameters.size(); i++) {
            HostWebhookServer h = parameters.get(i);
            if (h == null || h.getName() == null || h.getName().isBlank()) {
                throw new IllegalArgumentException("hostWebhooks[" + i + "] has no name. Fix: <hostWebhook><name>my-webhook-service"
                        + "</name></hostWebhook>, the Service name its configurations' clientConfig.service.name gives.");
            }
            hosts.add(new HostWebhook(h.getName().trim(), h.getPort() == null ? 0 : h.getPort()));
        }
        return hosts;
    }
}
