package dev.envtest.it.identities;

import static dev.envtest.it.identities.ReferenceIdentities.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import dev.envtest.junit.EnvtestClient;
import dev.envtest.junit.EnvtestExtension;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin kubeconfig and each ServiceAccount's host kubeconfig work with fabric8 and kubectl; the container kubeconfig names the container URL. */
@ExtendWith(EnvtestExtension.class)
class KubeconfigIT {

    private static final Envtest envtest = Envtest.load();

    /** kubectl next to kube-apiserver in the envtest binaries' directory, else the one on PATH. */
    static String kubectl() {
        String binaries = envtest.properties().get("envtest.binaries");
        if (binaries != null && Files.isExecutable(Path.of(binaries, "kubectl"))) {
            return Path.of(binaries, "kubectl").toString();
        }
        String kubeApiServerDir = envtest.properties().get("envtest.kubernetes.version") == null ? null
                : Path.of(System.getProperty("user.home"), ".local/share/kubebuilder-envtest/k8s",
                        envtest.kubernetesVersion() + "-linux-amd64", "kubectl").toString();
        if (kubeApiServerDir != null && Files.isExecutable(Path.of(kubeApiServerDir))) {
            return kubeApiServerDir;
        }
        return "kubectl";
    }

    record Run(int exit, String output) {
    }

    static Run kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kubectl(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl finished");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The admin kubeconfig carries an ECDSA P-256 client key (RFC 5915): fabric8 and kubectl both authenticate with it. */
    @Test
    void theAdminKubeconfigWorksWithFabric8AndKubectl() throws Exception {
        assertTrue(Files.readString(envtest.kubeconfig()).contains("client-key-data: "));
        assertTrue(Files.readString(Path.of(envtest.properties().get("envtest.admin.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(envtest.kubeconfig()))).build()) {
            SelfSubjectReview review = admin.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
            assertEquals("envtest-admin", review.getStatus().getUserInfo().getUsername());
            assertTrue(review.getStatus().getUserInfo().getGroups().contains("system:masters"), review.getStatus().getUserInfo().toString());
        }
        Run whoami = kubectl(envtest.kubeconfig(), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}");
        assertEquals(0, whoami.exit(), whoami.output());
        assertTrue(whoami.output().startsWith("envtest-admin ") && whoami.output().contains("system:masters"), whoami.output());
        Run canI = kubectl(envtest.kubeconfig(), "auth", "can-i", "delete", "secrets", "--namespace", "kube-system");
        assertEquals("yes", canI.output().trim(), canI.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "reader-client", "writer-client", "no-access-client"})
    void hostKubeconfigWorksWithFabric8(String sa) {
        try (KubernetesClient client = envtest.clientFor(sa)) {
            assertEquals(envtest.url().toString(), client.getMasterUrl().toString().replaceAll("/$", ""));
            assertEquals("default", client.getNamespace());
            SelfSubjectReview review = client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
            assertEquals(username(sa), review.getStatus().getUserInfo().getUsername());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "reader-client", "writer-client", "no-access-client"})
    void hostKubeconfigWorksWithKubectlAuthWhoami(String sa) throws Exception {
        Run run = kubectl(envtest.serviceAccount(sa).kubeconfig(), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertEquals(0, run.exit(), run.output());
        assertEquals(username(sa), run.output().trim());
    }

    @Test
    void kubectlAuthCanIFollowsTheRbac() throws Exception {
        Run reader = kubectl(envtest.serviceAccount("reader-client").kubeconfig(), "auth", "can-i", "get", "services/data-storage-service");
        assertEquals("yes", reader.output().trim(), reader.output());
        Run readerCreate = kubectl(envtest.serviceAccount("reader-client").kubeconfig(), "auth", "can-i", "create", "services/data-storage-service");
        assertEquals("no", readerCreate.output().trim(), readerCreate.output());
        assertEquals(1, readerCreate.exit());
        Run writer = kubectl(envtest.serviceAccount("writer-client").kubeconfig(), "auth", "can-i", "create", "services/data-storage-service");
        assertEquals("yes", writer.output().trim(), writer.output());
        Run none = kubectl(envtest.serviceAccount("no-access-client").kubeconfig(), "auth", "can-i", "get", "services/data-storage-service");
        assertEquals("no", none.output().trim(), none.output());
    }

    @Test
    void aServiceAccountIsRefusedWhatItsRbacDoesNotGrant(@EnvtestClient("no-access-client") KubernetesClient none,
            @EnvtestClient("reader-client") KubernetesClient reader) {
        KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> none.services().inNamespace("default").withName("data-storage-service").get());
        assertEquals(403, e.getCode());
        assertEquals(8080, reader.services().inNamespace("default").withName("data-storage-service").get().getSpec().getPorts().get(0).getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data-storage-sa", "no-access-client"})
    void containerKubeconfigNamesTheContainerUrlAndCarriesTheCa(String sa) throws Exception {
        Path file = envtest.serviceAccount(sa).containerKubeconfig();
        String text = Files.readString(file);
        Config config = Config.fromKubeconfig(text);
        assertEquals(envtest.containerUrl().toString(), config.getMasterUrl().replaceAll("/$", ""));
        assertEquals(Files.readString(envtest.ca()),
                new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8));
        assertTrue(envtest.serviceAccount(sa).token().equals(config.getAutoOAuthToken()), "the kubeconfig carries the exported token");
        assertFalse(text.contains("insecure-skip-tls-verify"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
