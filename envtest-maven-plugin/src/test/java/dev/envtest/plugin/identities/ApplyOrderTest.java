package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyOrderTest {

    private int line;

    private ManifestDocument doc(String apiVersion, String kind, String name) {
        line += 5;
        return new ManifestDocument(Path.of("m.yaml"), line, line / 5,
                Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name)));
    }

    @Test
    void namespacesAndCrdsFirstThenClusterRbacThenNamespacedThenCustomResourcesThenWebhooks() {
        List<ManifestDocument> input = new ArrayList<>(List.of(
                doc("example.com/v1", "Widget", "w1"),
                doc("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "hook"),
                doc("v1", "Service", "data-storage-service"),
                doc("rbac.authorization.k8s.io/v1", "RoleBinding", "rb"),
                doc("rbac.authorization.k8s.io/v1", "Role", "r"),
                doc("v1", "ConfigMap", "cm"),
                doc("v1", "ServiceAccount", "sa"),
                doc("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "crb"),
                doc("rbac.authorization.k8s.io/v1", "ClusterRole", "cr"),
                doc("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
                doc("v1", "Namespace", "ns"),
                doc("apps/v1", "Deployment", "d"),
                doc("v1", "Secret", "s")));
        List<String> order = ApplyOrder.sort(input).stream().map(ManifestDocument::name).toList();
        assertEquals(List.of("ns", "widgets.example.com", "cr", "crb", "sa", "s", "cm", "r", "rb", "data-storage-service", "d",
                "w1", "hook"), order);
    }

    @Test
    void fileOrderIsKeptWithinAKind() {
        List<ManifestDocument> input = List.of(doc("v1", "ConfigMap", "b"), doc("v1", "Namespace", "n"), doc("v1", "ConfigMap", "a"),
                doc("example.com/v1", "Widget", "z"), doc("example.com/v1", "Gadget", "y"));
        assertEquals(List.of("n", "b", "a", "z", "y"), ApplyOrder.sort(input).stream().map(ManifestDocument::name).toList());
    }

    @Test
    void aCustomKindNamedLikeABuiltInOneIsACustomResource() {
        List<ManifestDocument> input = List.of(doc("example.com/v1", "Service", "custom"), doc("v1", "Service", "core"));
        assertEquals(List.of("core", "custom"), ApplyOrder.sort(input).stream().map(ManifestDocument::name).toList());
    }
}
