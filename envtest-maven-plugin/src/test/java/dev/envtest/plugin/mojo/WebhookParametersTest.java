package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.containers.ContainerPlan;
import dev.envtest.plugin.webhooks.ContainerWebhook;
import dev.envtest.plugin.webhooks.HostWebhook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookParametersTest {

    private static void set(Object target, String field, Object value) throws Exception {
        var f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Test
    void aWebhookContainerGetsControllerRuntimesDefaultsAndItsPortPublished() throws Exception {
        Container plain = new Container();
        plain.set("redis=redis:7");
        Container webhook = new Container();
        webhook.set("webhook=localhost/my-operator:it");
        set(webhook, "aliases", List.of("webhook-service"));
        set(webhook, "webhook", new ContainerWebhookServer());
        ContainerPlan plan = ContainerParameters.toPlan(List.of(plain, webhook), Path.of("/project"));
        assertEquals(List.of(9443), plan.get("webhook").ports(), "the webhook port is published");
        List<ContainerWebhook> webhooks = ContainerParameters.webhooks(List.of(plain, webhook), plan);
        assertEquals(List.of(new ContainerWebhook("webhook", List.of("webhook-service"), 9443, "/tmp/k8s-webhook-server/serving-certs",
                Duration.ofSeconds(60))), webhooks);
    }

    @Test
    void theShortFormsAndTheirErrors() {
        ContainerWebhookServer w = new ContainerWebhookServer();
        w.set("8443");
        assertEquals(8443, w.getPort());
        assertThrows(IllegalArgumentException.class, () -> new ContainerWebhookServer().set("https"));

        HostWebhookServer h = new HostWebhookServer();
        h.set("jvm-webhook:8443");
        assertEquals("jvm-webhook", h.getName());
        assertEquals(8443, h.getPort());
        HostWebhookServer free = new HostWebhookServer();
        free.set("jvm-webhook");
        assertEquals(null, free.getPort(), "no port: a free one");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HostWebhookServer().set("jvm:x"));
        assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void hostWebhooksMapToAFreePortByDefaultAndNeedAName() throws Exception {
        HostWebhookServer h = new HostWebhookServer();
        h.set("jvm-webhook");
        HostWebhookServer fixed = new HostWebhookServer();
        fixed.set("other:8443");
        assertEquals(List.of(new HostWebhook("jvm-webhook", 0), new HostWebhook("other", 8443)),
                HostWebhookParameters.toHosts(List.of(h, fixed)));
        HostWebhookServer nameless = new HostWebhookServer();
        set(nameless, "port", 8443);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostWebhookParameters.toHosts(List.of(h, nameless)));
        assertTrue(e.getMessage().startsWith("hostWebhooks[1] has no name. Fix:"), e.getMessage());
    }
}
