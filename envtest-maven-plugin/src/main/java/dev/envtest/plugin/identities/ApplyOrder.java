package dev.envtest.plugin.identities;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order manifests are applied in, so that what an object needs exists before it: Namespaces, then
 * CustomResourceDefinitions, then cluster-scoped RBAC, then the other built-in kinds (ServiceAccounts, Secrets and
 * ConfigMaps before the workloads and Services that use them, Roles before RoleBindings), then custom resources and
 * other kinds the plugin does not know, and last the admission webhooks and policies (which could otherwise intercept
 * the objects applied after them). Within a rank, the order of the files and documents is kept.
 */
public final class ApplyOrder {

    /** Known kinds in apply order; any other kind comes after all of these except {@link #LAST}. */
    static final List<String> KINDS = List.of(
            "Namespace",
            "CustomResourceDefinition",
            "PriorityClass",
            "StorageClass",
            "RuntimeClass",
            "IngressClass",
            "ClusterRole",
            "ClusterRoleBinding",
            "ResourceQuota",
            "LimitRange",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "ServiceAccount",
            "Secret",
            "ConfigMap",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "Role",
            "RoleBinding",
            "Service",
            "Endpoints",
            "EndpointSlice",
            "Pod",
            "ReplicaSet",
            "ReplicationController",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "HorizontalPodAutoscaler",
            "Ingress",
            "Lease");

    /** Kinds applied after everything else. */
    static final List<String> LAST = List.of(
            "APIService",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding");

    private ApplyOrder() {
    }

    /** The rank of a document: lower goes first. */
    static int rank(ManifestDocument document) {
        String kind = document.kind();
        int known = KINDS.indexOf(kind);
        if (known >= 0 && isBuiltIn(document)) {
            return known;
        }
        int last = LAST.indexOf(kind);
        if (last >= 0 && isBuiltIn(document)) {
            return KINDS.size() + 1 + last;
        }
        return KINDS.size();
    }

    /** A kind of the same name from a CRD's own group is a custom resource, ranked as one. */
    private static boolean isBuiltIn(ManifestDocument document) {
        String group = document.group();
        return group.isEmpty() || !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** A stable sort of the documents into apply order. */
    public static List<ManifestDocument> sort(List<ManifestDocument> documents) {
        List<ManifestDocument> sorted = new ArrayList<>(documents);
        sorted.sort(Comparator.comparingInt(ApplyOrder::rank));
        return sorted;
    }

    static boolean isCustomResourceDefinition(ManifestDocument document) {
        return "CustomResourceDefinition".equals(document.kind()) && "apiextensions.k8s.io".equals(document.group());
    }

    static boolean isNamespace(ManifestDocument document) {
        return "Namespace".equals(document.kind()) && document.group().isEmpty();
    }

    /** For messages: how many documents of each kind. */
    static Map<String, Long> countByKind(List<ManifestDocument> documents) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (ManifestDocument d : documents) {
            counts.merge(d.kind(), 1L, Long::sum);
        }
        return counts;
    }
}
