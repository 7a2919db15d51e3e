package dev.envtest.plugin.identities;

import dev.envtest.plugin.session.Reporter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates a declared ServiceAccount (and its namespace), binds its roles, makes its inline rules into an own Role or
 * ClusterRole, and issues its token through the TokenRequest API. Everything is applied server-side with the
 * plugin's field manager and labelled {@code app.kubernetes.io/managed-by: envtest-maven-plugin}.
 *
 * <p>Object names: a ClusterRoleBinding {@code envtest:<namespace>:<sa>:<clusterRole>} per entry of
 * {@code clusterRoles}; a RoleBinding {@code envtest:<sa>:<role>} (in the namespace) per entry of {@code roles};
 * for {@code rules} a Role and RoleBinding {@code envtest:<sa>}; for {@code clusterRules} a ClusterRole and
 * ClusterRoleBinding {@code envtest:<namespace>:<sa>}.
 */
final class ServiceAccountProvisioner {

    /** In {@code roles}: bind this ClusterRole with a RoleBinding, i.e. in the ServiceAccount's namespace only. */
    static final String CLUSTER_ROLE_PREFIX = "ClusterRole/";
    static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", ManifestApplier.FIELD_MANAGER);

    private final KubernetesClient client;
    private final Reporter reporter;

    private final ObjectOwnership ownership;

    ServiceAccountProvisioner(KubernetesClient client, Reporter reporter) {
        this(client, reporter, ObjectOwnership.none());
    }

    ServiceAccountProvisioner(KubernetesClient client, Reporter reporter, ObjectOwnership ownership) {
        this.client = client;
        this.reporter = reporter;
        this.ownership = ownership;
    }

    /** Creates the namespace when it does not exist yet (an existing one is left as it is). */
    void ensureNamespace(String namespace, String forWhat) {
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                Namespace ns = new NamespaceBuilder().withMetadata(meta(namespace, null)).build();
                apply(ns);
            }
        } catch (KubernetesClientException e) {
            throw new IdentitiesException(forWhat + ": could not create namespace " + namespace + ": \""
                    + ManifestApplier.apiMessage(e) + "\"", e);
        }
    }

    /** The ServiceAccount and its RBAC; warns about bindings to roles that do not exist. */
    void provision(ServiceAccountSpec sa) {
        String ns = sa.namespace();
        try {
            apply(new ServiceAccountBuilder().withMetadata(meta(sa.name(), ns)).build());
            Subject subject = new SubjectBuilder().withKind("ServiceAccount").withName(sa.name()).withNamespace(ns).build();

            for (String clusterRole : sa.clusterRoles()) {
                if (client.rbac().clusterRoles().withName(clusterRole).get() == null) {
                    reporter.warn(sa.describe() + ": ClusterRole \"" + clusterRole + "\" does not exist; its binding is created anyway"
                            + " (Kubernetes allows it) but grants nothing until the ClusterRole exists. Fix: define it in manifests"
                            + " or correct the name in clusterRoles.");
                }
                apply(new ClusterRoleBindingBuilder()
                        .withMetadata(meta("envtest:" + ns + ":" + sa.name() + ":" + clusterRole, null))
                        .withRoleRef(roleRef("ClusterRole", clusterRole))
                        .withSubjects(subject)
                        .build());
            }
            for (String role : sa.roles()) {
                boolean clusterRole = role.startsWith(CLUSTER_ROLE_PREFIX);
                String roleName = clusterRole ? role.substring(CLUSTER_ROLE_PREFIX.length()) : role;
                boolean exists = clusterRole
                        ? client.rbac().clusterRoles().withName(roleName).get() != null
                        : client.rbac().roles().inNamespace(ns).withName(roleName).get() != null;
                if (!exists) {
                    reporter.warn(sa.describe() + ": " + (clusterRole ? "ClusterRole \"" + roleName + "\"" : "Role \"" + roleName
                            + "\" in namespace " + ns) + " does not exist; its RoleBinding is created anyway (Kubernetes allows it)"
                            + " but grants nothing until the role exists. Fix: define it in manifests or correct the name in roles.");
                }
                apply(new RoleBindingBuilder()
                        .withMetadata(meta("envtest:" + sa.name() + ":" + (clusterRole ? "clusterrole:" : "") + roleName, ns))
                        .withRoleRef(roleRef(clusterRole ? "ClusterRole" : "Role", roleName))
                        .withSubjects(subject)
                        .build());
            }
            if (!sa.rules().isEmpty()) {
                String name = "envtest:" + sa.name();
                apply(new RoleBuilder().withMetadata(meta(name, ns)).withRules(rules(sa.rules())).build());
                apply(new RoleBindingBuilder().withMetadata(meta(name, ns)).withRoleRef(roleRef("Role", name)).withSubjects(subject).build());
            }
            if (!sa.clusterRules().isEmpty()) {
                String name = "envtest:" + ns + ":" + sa.name();
                apply(new ClusterRoleBuilder().withMetadata(meta(name, null)).withRules(rules(sa.clusterRules())).build());
                apply(new ClusterRoleBindingBuilder().withMetadata(meta(name, null)).withRoleRef(roleRef("ClusterRole", name))
                        .withSubjects(subject).build());
            }
        } catch (KubernetesClientException e) {
            throw new IdentitiesException(sa.describe() + ": the API server rejected it: \"" + ManifestApplier.apiMessage(e) + "\"", e);
        }
    }

    /** A token from the TokenRequest API: the token and its expiration timestamp (RFC 3339). */
    record IssuedToken(String token, String expirationTimestamp) {
        @Override
        public String toString() {
            return "IssuedToken[token=****, expirationTimestamp=" + expirationTimestamp + "]";
        }
    }

    IssuedToken requestToken(ServiceAccountSpec sa) {
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(sa.tokenExpiry().getSeconds())
                .withAudiences(new ArrayList<>(sa.audiences()))
                .endSpec()
                .build();
        try {
            TokenRequest response = client.serviceAccounts().inNamespace(sa.namespace()).withName(sa.name()).tokenRequest(request);
            if (response == null || response.getStatus() == null || response.getStatus().getToken() == null) {
                throw new IdentitiesException(sa.describe() + ": the TokenRequest returned no token");
            }
            return new IssuedToken(response.getStatus().getToken(), response.getStatus().getExpirationTimestamp());
        } catch (KubernetesClientException e) {
            throw new IdentitiesException(sa.describe() + ": TokenRequest failed: \"" + ManifestApplier.apiMessage(e) + "\"", e);
        }
    }

    private void apply(HasMetadata object) {
        if (ownership.active()) {
            ObjectMeta m = object.getMetadata();
            boolean ours = ownership.owns(object.getApiVersion(), object.getKind(), m.getNamespace(), m.getName());
            if (!ours && client.resource(object).get() == null) {
                // recorded before it is created: a build killed in between leaves a record, never an unrecorded object
                ownership.creating(object.getApiVersion(), object.getKind(), m.getNamespace(), m.getName());
                ours = true;
            }
            if (ours) {
                m.setLabels(ownership.withLabel(m.getLabels()));
            }
        }
        client.resource(object).fieldManager(ownership.fieldManager()).forceConflicts().serverSideApply();
    }

    private static ObjectMeta meta(String name, String namespace) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(LABELS).build();
    }

    private static RoleRef roleRef(String kind, String name) {
        return new RoleRefBuilder().withApiGroup("rbac.authorization.k8s.io").withKind(kind).withName(name).build();
    }

    private static List<PolicyRule> rules(List<PolicyRuleSpec> specs) {
        List<PolicyRule> rules = new ArrayList<>();
        for (PolicyRuleSpec s : specs) {
            PolicyRuleBuilder b = new PolicyRuleBuilder().withVerbs(new ArrayList<>(s.verbs()));
            if (s.nonResourceURLs().isEmpty()) {
                b.withApiGroups(new ArrayList<>(s.apiGroups().isEmpty() ? List.of("") : s.apiGroups()))
                        .withResources(new ArrayList<>(s.resources()));
                if (!s.resourceNames().isEmpty()) {
                    b.withResourceNames(new ArrayList<>(s.resourceNames()));
                }
            } else {
                b.withNonResourceURLs(new ArrayList<>(s.nonResourceURLs()));
            }
            rules.add(b.build());
        }
        return rules;
    }
}
