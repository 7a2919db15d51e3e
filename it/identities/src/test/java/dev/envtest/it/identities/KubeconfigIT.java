package dev.envtest.it.identities;

import static dev.envtest.it.identities.ReferenceIdentities.property;
import static dev.envtest.it.identities.ReferenceIdentities.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.it.support.EnvtestProperties;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each ServiceAccount's host kubeconfig works with fabric8 and kubectl; the container kubeconfig names the container URL. */
class KubeconfigIT {

    private static final EnvtestProperties envtest = EnvtestProperties.load();

    /** kubectl next to kube-apiserver in the envtest binaries' directory, else the one on PATH. */
    static String kubectl() {
        String binaries = envtest.all().getProperty("envtest.binaries");
        if (binaries != null && Files.isExecutable(Path.of(binaries, "kubectl"))) {
            return Path.of(binaries, "kubectl").toString();
        }
        String kubeApiServerDir = envtest.all().getProperty("envtest.kubernetes.version") == null ? null
                : Path.of(System.getProperty("user.home"), ".local/share/kubebuilder-envtest/k8s",
                        envtest.get("envtest.kubernetes.version") + "-linux-amd64", "kubectl").toString();
        if (kubeApiServerDir != null && Files.isExecutable(Path.of(kubeApiServerDir))) {
            return kubeApiServerDir;
        }
        return "kubectl";
    }

    record Run(int exit, String output) {
    }

    static Run kubectl(String kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl(), "--kubeconfig", kubeconfig));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl finished");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "reader-client", "writer-client", "no-access-client"})
    void hostKubeconfigWorksWithFabric8(String sa) {
        try (KubernetesClient client = ReferenceIdentities.fromKubeconfig(Path.of(property(envtest, sa, "kubeconfig")))) {
            assertEquals(envtest.get("envtest.url"), client.getMasterUrl().toString().replaceAll("/$", ""));
            assertEquals("default", client.getNamespace());
            SelfSubjectReview review = client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
            assertEquals(username(sa), review.getStatus().getUserInfo().getUsername());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "reader-client", "writer-client", "no-access-client"})
    void hostKubeconfigWorksWithKubectlAuthWhoami(String sa) throws Exception {
        Run run = kubectl(property(envtest, sa, "kubeconfig"), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertEquals(0, run.exit(), run.output());
        assertEquals(username(sa), run.output().trim());
    }

    @Test
    void kubectlAuthCanIFollowsTheRbac() throws Exception {
        Run reader = kubectl(property(envtest, "reader-client", "kubeconfig"), "auth", "can-i", "get", "services/data-storage-service");
        assertEquals("yes", reader.output().trim(), reader.output());
        Run readerCreate = kubectl(property(envtest, "reader-client", "kubeconfig"), "auth", "can-i", "create", "services/data-storage-service");
        assertEquals("no", readerCreate.output().trim(), readerCreate.output());
        assertEquals(1, readerCreate.exit());
        Run writer = kubectl(property(envtest, "writer-client", "kubeconfig"), "auth", "can-i", "create", "services/data-storage-service");
        assertEquals("yes", writer.output().trim(), writer.output());
        Run none = kubectl(property(envtest, "no-access-client", "kubeconfig"), "auth", "can-i", "get", "services/data-storage-service");
        assertEquals("no", none.output().trim(), none.output());
    }

    @Test
    void aServiceAccountIsRefusedWhatItsRbacDoesNotGrant() {
        try (KubernetesClient client = ReferenceIdentities.fromKubeconfig(Path.of(property(envtest, "no-access-client", "kubeconfig")))) {
            KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                    () -> client.services().inNamespace("default").withName("data-storage-service").get());
            assertEquals(403, e.getCode());
        }
        try (KubernetesClient client = ReferenceIdentities.fromKubeconfig(Path.of(property(envtest, "reader-client", "kubeconfig")))) {
            assertEquals(8080, client.services().inNamespace("default").withName("data-storage-service").get().getSpec().getPorts().get(0).getPort());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "no-access-client"})
    void containerKubeconfigNamesTheContainerUrlAndCarriesTheCa(String sa) throws Exception {
        Path file = Path.of(property(envtest, sa, "container.kubeconfig"));
        String text = Files.readString(file);
        Config config = Config.fromKubeconfig(text);
        assertEquals(envtest.get("envtest.container.url"), config.getMasterUrl().replaceAll("/$", ""));
        assertEquals(Files.readString(envtest.path("envtest.ca")),
                new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8));
        assertTrue(property(envtest, sa, "token").equals(config.getAutoOAuthToken()), "the kubeconfig carries the exported token");
        assertFalse(text.contains("insecure-skip-tls-verify"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
