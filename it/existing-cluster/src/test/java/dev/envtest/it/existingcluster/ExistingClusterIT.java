package dev.envtest.it.existingcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** While both executions run: the second provisioned in the first's envtest, labelled only what it created. */
class ExistingClusterIT {

    private final Envtest first = Clusters.first();
    private final Envtest second = Clusters.second();

    @Test
    void theSecondExecutionStartedNoControlPlaneAndExportsTheClusterItUses() {
        assertEquals("envtest", first.property("envtest.cluster.mode"));
        assertEquals("existing", second.property("envtest.cluster.mode"));
        assertEquals(first.url(), second.url(), "the existing cluster is the first execution's API server");
        assertEquals(first.kubeconfig().toString(), second.property("envtest.cluster.kubeconfig"));
        // what only exists for envtest's own control plane is not exported
        for (String name : new String[] {"envtest.etcd.url", "envtest.binaries", "envtest.admin.key", "envtest.admin.certificate",
                "envtest.bindAddress"}) {
            assertFalse(second.properties().containsKey(name), name + " must not be exported with cluster=existing");
        }
        assertFalse(Files.exists(second.workDirectory().resolve("pki")), "no PKI was made");
        assertFalse(Files.exists(second.workDirectory().resolve("logs").resolve("kube-apiserver.log")), "no API server was started");
    }

    @Test
    void theAdminKubeconfigIsAPrivateSingleContextCopyThatAdminClientUses() throws IOException {
        Path kubeconfig = second.kubeconfig();
        assertEquals(second.workDirectory().resolve("kubeconfig"), kubeconfig);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)));
        String content = Files.readString(kubeconfig);
        assertTrue(content.contains("current-context:"), content.length() + " chars");
        try (KubernetesClient admin = second.adminClient()) {
            assertEquals(first.url().toString().replaceAll("/$", ""), admin.getMasterUrl().toString().replaceAll("/$", ""));
            assertNotNull(admin.namespaces().withName("shared").get());
        }
    }

    @Test
    void onlyWhatTheSecondCreatedCarriesItsLabel() {
        try (KubernetesClient admin = first.adminClient()) {
            Namespace shared = admin.namespaces().withName("shared").get();
            assertNull(labelOf(shared), "the namespace existed before the second execution: not labelled");
            ConfigMap before = admin.configMaps().inNamespace("shared").withName("before").get();
            assertNull(labelOf(before), "not created by the second execution");

            String session = labelOf(admin.configMaps().inNamespace("shared").withName("created-by-second").get());
            assertNotNull(session, "created by the second execution: labelled");
            assertEquals(session, labelOf(admin.namespaces().withName("second-ns").get()));
            assertEquals(session, labelOf(admin.configMaps().inNamespace("second-ns").withName("inside").get()));
            assertEquals(session, labelOf(admin.serviceAccounts().inNamespace("default").withName("data-storage-sa").get()));
            assertEquals(session, labelOf(admin.apiextensions().v1().customResourceDefinitions()
                    .withName("widgets.existing.envtest.dev").get()));
            GenericKubernetesResource widget = admin.genericKubernetesResources("existing.envtest.dev/v1", "Widget")
                    .inNamespace("second-ns").withName("one").get();
            assertEquals(session, labelOf(widget));
            assertNull(labelOf(admin.namespaces().withName("default").get()), "default existed: not labelled");
        }
    }

    @Test
    void theContainerAuthenticatesCallersAgainstTheExistingClusterWithTlsVerified() throws IOException, InterruptedException {
        URI records = URI.create(second.container("datastorage").url(8080) + "/api/v1/records");
        HttpResponse<String> allowed = Clusters.get(records, second.serviceAccount("reader-client").token());
        assertEquals(200, allowed.statusCode(), allowed.body());
        HttpResponse<String> denied = Clusters.get(records, second.serviceAccount("no-access-client").token());
        assertEquals(403, denied.statusCode(), "TokenReview passed, SubjectAccessReview denied: " + denied.body());
        HttpResponse<String> anonymous = Clusters.get(records, "not-a-token");
        assertEquals(401, anonymous.statusCode(), anonymous.body());

        // the kubeconfig's server was https://127.0.0.1:<port>; the container dialled the engine's name for this
        // machine, which the first envtest's serving certificate names, and verified TLS against its CA
        URI containerUrl = second.containerUrl();
        assertFalse(containerUrl.getHost().equals("127.0.0.1"), containerUrl.toString());
        assertEquals(first.url().getPort(), containerUrl.getPort());
        Path logFile = second.workDirectory().resolve("logs").resolve("datastorage.log");
        String log = Files.readString(logFile);
        assertTrue(log.contains("kubeconfig /tmp/kubeconfig (server " + containerUrl + ")"), log);
        // the log follower writes the container's lines as they come: wait for the request's line
        String authenticated = "status=200 user=system:serviceaccount:default:reader-client";
        for (int i = 0; i < 200 && !log.contains(authenticated); i++) {
            Thread.sleep(100);
            log = Files.readString(logFile);
        }
        assertTrue(log.contains(authenticated), log);
    }

    private static String labelOf(HasMetadata object) {
        assertNotNull(object, "the object exists");
        return object.getMetadata().getLabels() == null ? null : object.getMetadata().getLabels().get(Clusters.LABEL);
    }
}
