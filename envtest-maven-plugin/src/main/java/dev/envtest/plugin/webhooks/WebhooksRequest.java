package dev.envtest.plugin.webhooks;

import java.util.List;

/** The webhook servers of one build: containers declared as webhook servers, and webhooks served by the tests. */
public record WebhooksRequest(List<ContainerWebhook> containers, List<HostWebhook> hosts) {

    public WebhooksRequest {
        containers = List.copyOf(containers);
        hosts = List.copyOf(hosts);
    }

    public static WebhooksRequest none() {
        return new WebhooksRequest(List.of(), List.of());
    }

    public boolean isEmpty() {
        return containers.isEmpty() && hosts.isEmpty();
    }
}
