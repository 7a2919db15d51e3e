package dev.envtest.it.webhooks;

import dev.envtest.junit.Envtest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** What start exported (through envtest-junit): fabric8 clients for the admin and ServiceAccount {@code writer}, and properties. */
final class Clients {

    static final Envtest envtest = Envtest.load();

    private Clients() {
    }

    static KubernetesClient admin() {
        return envtest.adminClient();
    }

    /** As ServiceAccount default/writer (an own ClusterRole for ConfigMaps), with its token, TLS verified against the CA. */
    static KubernetesClient writer() {
        return envtest.clientFor("writer");
    }

    static String property(String name) {
        return envtest.property(name);
    }

    static Path path(String name) {
        return Path.of(envtest.property(name));
    }
}
