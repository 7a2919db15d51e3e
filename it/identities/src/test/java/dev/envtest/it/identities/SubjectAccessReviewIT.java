package dev.envtest.it.identities;

import static dev.envtest.it.identities.ReferenceIdentities.DATA_STORAGE_SA;
import static dev.envtest.it.identities.ReferenceIdentities.NO_ACCESS;
import static dev.envtest.it.identities.ReferenceIdentities.READER;
import static dev.envtest.it.identities.ReferenceIdentities.SERVICE;
import static dev.envtest.it.identities.ReferenceIdentities.WRITER;
import static dev.envtest.it.identities.ReferenceIdentities.username;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.envtest.junit.EnvtestClient;
import dev.envtest.junit.EnvtestExtension;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the reference service asks after a TokenReview: a SubjectAccessReview for the username (no groups), group "",
 * resource services, name data-storage-service, verb per HTTP method. Every verb of every ServiceAccount is checked
 * against the RBAC the pom and manifests declare.
 */
@ExtendWith(EnvtestExtension.class)
class SubjectAccessReviewIT {

    private static final List<String> VERBS = List.of("get", "create", "update", "delete", "list", "patch", "watch");
    @EnvtestClient
    static KubernetesClient admin;

    private static boolean allowed(String sa, String namespace, String group, String resource, String name, String verb) {
        SubjectAccessReview review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(username(sa))
                .withNewResourceAttributes()
                .withNamespace(namespace).withGroup(group).withResource(resource).withName(name).withVerb(verb)
                .endResourceAttributes()
                .endSpec()
                .build());
        return review.getStatus().getAllowed();
    }

    @Test
    void dataStorageServiceVerbByVerb() {
        Map<String, Set<String>> expected = Map.of(
                DATA_STORAGE_SA, Set.of(),
                READER, Set.of("get"),
                WRITER, Set.of("get", "create"),
                NO_ACCESS, Set.of());
        List<String> wrong = new ArrayList<>();
        expected.forEach((sa, verbs) -> {
            for (String verb : VERBS) {
                boolean want = verbs.contains(verb);
                boolean got = allowed(sa, "default", "", "services", SERVICE, verb);
                if (want != got) {
                    wrong.add(sa + " " + verb + " services/" + SERVICE + ": expected " + want + ", got " + got);
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void grantsAreLimitedToTheNamedServiceAndTheirScope() {
        // resourceNames: another Service is not covered
        assertEquals(false, allowed(READER, "default", "", "services", "other-service", "get"));
        assertEquals(false, allowed(WRITER, "default", "", "services", "other-service", "get"));
        // the reader's inline rule is a Role in default; the writer's ClusterRole is bound cluster-wide
        assertEquals(false, allowed(READER, "kube-system", "", "services", SERVICE, "get"));
        assertEquals(true, allowed(WRITER, "kube-system", "", "services", SERVICE, "get"));
    }

    @Test
    void theServiceItselfMayReviewTokensAndAccessAndReadItsCrd() {
        assertEquals(true, allowed(DATA_STORAGE_SA, "", "authentication.k8s.io", "tokenreviews", "", "create"));
        assertEquals(true, allowed(DATA_STORAGE_SA, "", "authorization.k8s.io", "subjectaccessreviews", "", "create"));
        for (String verb : List.of("get", "list", "watch")) {
            assertEquals(true, allowed(DATA_STORAGE_SA, "default", "storage.envtest.dev", "datastorageconfigs", "", verb), verb);
        }
        assertEquals(false, allowed(DATA_STORAGE_SA, "default", "storage.envtest.dev", "datastorageconfigs", "", "create"));
        for (String client : List.of(READER, WRITER, NO_ACCESS)) {
            assertEquals(false, allowed(client, "", "authentication.k8s.io", "tokenreviews", "", "create"), client);
        }
    }
}
