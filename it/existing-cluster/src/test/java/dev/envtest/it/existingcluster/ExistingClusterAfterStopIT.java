package dev.envtest.it.existingcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * After the second execution's stop, while the first's envtest still runs: exactly the second's objects are gone.
 * envtest has no namespace controller, so a deleted namespace stays Terminating there: gone or being deleted counts.
 */
class ExistingClusterAfterStopIT {

    private final Envtest first = Clusters.first();

    @Test
    void whatTheSecondCreatedIsGone() {
        try (KubernetesClient admin = first.adminClient()) {
            assertNull(admin.configMaps().inNamespace("shared").withName("created-by-second").get());
            assertNull(admin.configMaps().inNamespace("second-ns").withName("inside").get(), "deleted before its namespace");
            Namespace ns = admin.namespaces().withName("second-ns").get();
            assertTrue(ns == null || ns.getMetadata().getDeletionTimestamp() != null, "second-ns gone or Terminating");
            assertNull(admin.serviceAccounts().inNamespace("default").withName("data-storage-sa").get());
            assertNull(admin.serviceAccounts().inNamespace("default").withName("reader-client").get());
            assertNull(admin.rbac().roles().inNamespace("default").withName("envtest:reader-client").get());
            assertNull(admin.rbac().clusterRoleBindings().withName("envtest:default:data-storage-sa:system:auth-delegator").get());
            assertNull(admin.apiextensions().v1().customResourceDefinitions().withName("widgets.existing.envtest.dev").get());
        }
    }

    @Test
    void whatExistedBeforeSurvives() {
        try (KubernetesClient admin = first.adminClient()) {
            Namespace shared = admin.namespaces().withName("shared").get();
            assertNotNull(shared, "applied again by the second, but it existed: not deleted");
            assertNull(shared.getMetadata().getDeletionTimestamp());
            ConfigMap before = admin.configMaps().inNamespace("shared").withName("before").get();
            assertNotNull(before);
            assertEquals("first-execution", before.getData().get("owner"));
            assertNotNull(admin.namespaces().withName("default").get());
            assertNotNull(admin.rbac().clusterRoles().withName("system:auth-delegator").get());
        }
    }

    @Test
    void theSecondsRecordIsGone() {
        Path session = Clusters.second().workDirectory().resolve("session.json");
        assertFalse(Files.exists(session), "stop deleted every recorded object, then the record");
    }
}
