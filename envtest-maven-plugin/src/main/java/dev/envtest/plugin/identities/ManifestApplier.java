package dev.envtest.plugin.identities;

import dev.envtest.plugin.session.Reporter;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies manifest documents with server-side apply (field manager {@value #FIELD_MANAGER} in envtest, one per run in an existing cluster: see
 * {@link ObjectOwnership#fieldManager}; conflicts forced, strict
 * field validation as {@code kubectl apply}), finding each kind's resource and scope through API discovery, and
 * waits for CustomResourceDefinitions to become Established.
 */
final class ManifestApplier {

    static final String FIELD_MANAGER = "envtest-maven-plugin";
    /** How long a kind of a just-Established CRD may take to appear in discovery. */
    private static final Duration DISCOVERY_LAG = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final Reporter reporter;
    private final Map<String, List<APIResource>> discovery = new HashMap<>();
    /** API groups of the CRDs this run applied: a kind missing from them may just not be discovered yet. */
    private final Set<String> pendingGroups = new HashSet<>();

    private final ObjectOwnership ownership;

    ManifestApplier(KubernetesClient client, Reporter reporter) {
        this(client, reporter, ObjectOwnership.none());
    }

    ManifestApplier(KubernetesClient client, Reporter reporter, ObjectOwnership ownership) {
        this.client = client;
        this.reporter = reporter;
        this.ownership = ownership;
    }

    /** Applies one document; an API error names the document and quotes the API server. */
    void apply(ManifestDocument document) {
        APIResource resource = resourceOf(document);
        ResourceDefinitionContext context = ResourceDefinitionContext.fromApiResource(document.apiVersion(), resource);
        GenericKubernetesResource object = client.getKubernetesSerialization()
                .convertValue(document.content(), GenericKubernetesResource.class);
        MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> operation =
                client.genericKubernetesResources(context);
        String namespace = null;
        if (Boolean.TRUE.equals(resource.getNamespaced())) {
            namespace = document.namespace() == null ? ServiceAccountSpec.DEFAULT_NAMESPACE : document.namespace();
            object.getMetadata().setNamespace(namespace);
        } else {
            if (document.namespace() != null) {
                reporter.warn(document.describe() + ": " + document.kind() + " is cluster-scoped; its metadata.namespace is ignored");
            }
            object.getMetadata().setNamespace(null);
        }
        if (ownership.active()) {
            labelIfCreated(document, object, namespace == null ? operation.withName(document.name())
                    : operation.inNamespace(namespace).withName(document.name()), namespace);
        }
        Resource<GenericKubernetesResource> target = namespace == null ? operation.resource(object)
                : operation.inNamespace(namespace).resource(object);
        try {
            target.fieldValidation(FieldValidateable.Validation.STRICT).fieldManager(ownership.fieldManager()).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            throw new IdentitiesException(document.describe() + ": the API server rejected it: \"" + apiMessage(e) + "\"" + hint(e)
                    + ". Fix the manifest.", e);
        }
        if (ApplyOrder.isCustomResourceDefinition(document)) {
            Object spec = document.content().get("spec");
            if (spec instanceof Map<?, ?> s && s.get("group") instanceof String group) {
                pendingGroups.add(group);
                discovery.keySet().removeIf(gv -> gv.startsWith(group + "/"));
            }
        }
    }

    /**
     * Waits until every named CRD has condition Established=True; fails at once when its names are not accepted
     * (NamesAccepted=False, e.g. a plural another CRD uses), and after {@code timeout} naming the ones still waiting.
     */
    void awaitEstablished(List<ManifestDocument> crds, Duration timeout) {
        Map<String, ManifestDocument> waiting = new java.util.LinkedHashMap<>();
        for (ManifestDocument crd : crds) {
            waiting.put(crd.name(), crd);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> lastState = new HashMap<>();
        while (!waiting.isEmpty()) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                CustomResourceDefinition crd;
                try {
                    crd = client.apiextensions().v1().customResourceDefinitions().withName(entry.getKey()).get();
                } catch (KubernetesClientException e) {
                    throw new IdentitiesException(entry.getValue().describe() + ": could not read its status: \"" + apiMessage(e) + "\"", e);
                }
                List<CustomResourceDefinitionCondition> conditions = crd == null || crd.getStatus() == null
                        || crd.getStatus().getConditions() == null ? List.of() : crd.getStatus().getConditions();
                for (CustomResourceDefinitionCondition c : conditions) {
                    if ("NamesAccepted".equals(c.getType()) && "False".equals(c.getStatus())) {
                        throw new IdentitiesException(entry.getValue().describe() + ": its names were not accepted: \"" + c.getMessage()
                                + "\" (" + c.getReason() + "). Fix the CRD's spec.names.");
                    }
                }
                Optional<CustomResourceDefinitionCondition> established = conditions.stream()
                        .filter(c -> "Established".equals(c.getType())).findFirst();
                if (established.isPresent() && "True".equals(established.get().getStatus())) {
                    it.remove();
                } else {
                    lastState.put(entry.getKey(), established.map(c -> c.getReason() + ": " + c.getMessage()).orElse("no Established condition yet"));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                List<String> names = new ArrayList<>();
                waiting.forEach((name, d) -> names.add(d.describe() + " (" + lastState.get(name) + ")"));
                throw new IdentitiesException("CustomResourceDefinitions not Established after " + timeout.toSeconds() + " s: "
                        + String.join("; ", names) + ". Fix: see target/envtest/logs/kube-apiserver.log, or raise startupTimeout.");
            }
            sleep(20);
        }
    }

    /** In a cluster the build did not start: an object that does not exist yet is recorded, then labelled as this run's. */
    private void labelIfCreated(ManifestDocument document, GenericKubernetesResource object, Resource<GenericKubernetesResource> existing,
            String namespace) {
        String apiVersion = document.apiVersion();
        String kind = document.kind();
        boolean ours = ownership.owns(apiVersion, kind, namespace, document.name());
        if (!ours) {
            try {
                ours = existing.get() == null;
            } catch (KubernetesClientException e) {
                throw new IdentitiesException(document.describe() + ": could not read whether it exists: \"" + apiMessage(e) + "\"" + hint(e), e);
            }
            if (ours) {
                ownership.creating(apiVersion, kind, namespace, document.name());
            }
        }
        if (ours) {
            object.getMetadata().setLabels(ownership.withLabel(object.getMetadata().getLabels()));
        }
    }

    private APIResource resourceOf(ManifestDocument document) {
        long deadline = System.nanoTime() + DISCOVERY_LAG.toNanos();
        while (true) {
            Optional<APIResource> found = discover(document.apiVersion()).stream()
                    .filter(r -> document.kind().equals(r.getKind()) && !r.getName().contains("/"))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (!pendingGroups.contains(document.group()) || System.nanoTime() > deadline) {
                throw new IdentitiesException(document.describe() + ": the API server serves no kind " + document.kind()
                        + " in " + document.apiVersion() + knownKinds(document.apiVersion())
                        + ". Fix: correct apiVersion/kind, or add the CustomResourceDefinition that defines it to crdDirectories.");
            }
            discovery.remove(document.apiVersion());
            sleep(50);
        }
    }

    private List<APIResource> discover(String apiVersion) {
        List<APIResource> cached = discovery.get(apiVersion);
        if (cached != null) {
            return cached;
        }
        List<APIResource> resources;
        try {
            APIResourceList list = client.getApiResources(apiVersion);
            resources = list == null || list.getResources() == null ? List.of() : list.getResources();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw new IdentitiesException("API discovery of " + apiVersion + " failed: \"" + apiMessage(e) + "\"", e);
            }
            resources = List.of();
        }
        discovery.put(apiVersion, resources);
        return resources;
    }

    private String knownKinds(String apiVersion) {
        List<APIResource> known = discovery.getOrDefault(apiVersion, List.of());
        if (known.isEmpty()) {
            return " (the API server does not serve " + apiVersion + " at all)";
        }
        Set<String> kinds = new LinkedHashSet<>();
        known.stream().filter(r -> !r.getName().contains("/")).forEach(r -> kinds.add(r.getKind()));
        return " (it serves " + String.join(", ", kinds) + ")";
    }

    /** The API server's own words: the Status message, else the client's message. */
    static String apiMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private static String hint(KubernetesClientException e) {
        String message = apiMessage(e);
        if (message != null && message.contains("namespaces \"") && message.contains("not found")) {
            return " (add a Namespace document to manifests, or declare a serviceAccount in that namespace)";
        }
        return e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentitiesException("interrupted", e);
        }
    }

}
