package dev.envtest.it.identities;

import dev.envtest.it.support.EnvtestProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The ServiceAccounts this project's pom declares, and clients built only from what the plugin exported. */
final class ReferenceIdentities {

    static final String NAMESPACE = "default";
    static final String SERVICE = "data-storage-service";

    static final String DATA_STORAGE_SA = "data-storage-sa";
    static final String READER = "reader-client";
    static final String WRITER = "writer-client";
    static final String NO_ACCESS = "no-access-client";
    static final List<String> ALL = List.of(DATA_STORAGE_SA, READER, WRITER, NO_ACCESS);

    private ReferenceIdentities() {
    }

    static String username(String sa) {
        return "system:serviceaccount:" + NAMESPACE + ":" + sa;
    }

    static String property(EnvtestProperties envtest, String sa, String suffix) {
        return envtest.get("envtest.sa." + sa + "." + suffix);
    }

    /** The admin, from {@code envtest.kubeconfig}. */
    static KubernetesClient admin(EnvtestProperties envtest) {
        return fromKubeconfig(envtest.path("envtest.kubeconfig"));
    }

    static KubernetesClient fromKubeconfig(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
