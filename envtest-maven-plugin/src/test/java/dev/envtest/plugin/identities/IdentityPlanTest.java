package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityPlanTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            """;

    private IdentityPlan prepare(List<Path> crds, boolean errorIfMissing, List<Path> manifests, List<ServiceAccountSpec> accounts) {
        return IdentityPlan.prepare(new IdentitiesRequest(crds, errorIfMissing, manifests, Map.of("ns", "payments"), accounts,
                Duration.ofSeconds(30)), Reporter.warningsTo(warnings::add));
    }

    private static ServiceAccountSpec sa(int i, String namespace, String name) {
        return PropertyNamesTest.sa(i, namespace, name);
    }

    private static ServiceAccountSpec withExpiry(ServiceAccountSpec s, Duration expiry) {
        return new ServiceAccountSpec(s.origin(), s.name(), s.namespace(), s.clusterRoles(), s.roles(), s.rules(), s.clusterRules(),
                expiry, s.audiences());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void emptyRequestIsAnEmptyPlan() {
        assertTrue(IdentityPlan.prepare(IdentitiesRequest.none(), Reporter.warningsTo(warnings::add)).isEmpty());
    }

    @Test
    void readsCrdsAndSortsManifests() throws IOException {
        write("crds/widgets.yaml", CRD + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: stray}\n");
        write("manifests/b.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: '${ns}'}\n");
        write("manifests/a.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: '${ns}'}\n");
        IdentityPlan plan = prepare(List.of(dir.resolve("crds")), true, List.of(dir.resolve("manifests")), List.of(sa(0, "default", "a")));
        assertEquals(List.of("widgets.example.com"), plan.crds().stream().map(ManifestDocument::name).toList());
        assertEquals(List.of("Namespace", "Service"), plan.manifests().stream().map(ManifestDocument::kind).toList());
        assertEquals("payments", plan.manifests().get(1).namespace(), "placeholders resolved");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("ConfigMap stray) is not a CustomResourceDefinition; skipped. Fix: list its file in manifests instead."),
                warnings.toString());
        assertEquals("envtest.sa.a.", plan.propertyPrefixes().get(plan.serviceAccounts().get(0)));
    }

    @Test
    void missingCrdPathIsAnErrorOnlyWithErrorIfCrdPathMissing() {
        Path missing = dir.resolve("config/crd/bases");
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> prepare(List.of(missing), true, List.of(), List.of()));
        assertEquals("crdDirectories: " + missing + " does not exist. Fix: correct the path, or set errorIfCrdPathMissing to false"
                + " to skip missing paths.", e.getMessage());

        IdentityPlan plan = prepare(List.of(missing), false, List.of(), List.of());
        assertTrue(plan.isEmpty());
        assertEquals(List.of("crdDirectories: " + missing + " does not exist; skipped (errorIfCrdPathMissing is false)"), warnings);
    }

    @Test
    void missingManifestPathIsAnError() {
        Path missing = dir.resolve("k8s/rbac.yaml");
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> prepare(List.of(), false, List.of(missing), List.of()));
        assertEquals("manifests: " + missing + " does not exist. Fix: correct the path or remove it from manifests.", e.getMessage());
    }

    @Test
    void malformedManifestFailsTheWholePlan() throws IOException {
        Path bad = write("m/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n");
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> prepare(List.of(), false, List.of(dir.resolve("m")), List.of()));
        assertTrue(e.getMessage().startsWith(bad + ":5:1: malformed YAML"), e.getMessage());
    }

    @Test
    void twoEntriesForOneServiceAccountAreAnError() {
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> prepare(List.of(), false, List.of(),
                List.of(sa(0, "default", "reader"), sa(1, "other", "reader"), sa(2, "default", "reader"))));
        assertEquals("serviceAccounts: serviceAccounts[0] and serviceAccounts[2] both declare ServiceAccount default/reader."
                + " Fix: merge them into one entry (its clusterRoles, roles and rules may be lists).", e.getMessage());
    }

    @Test
    void invalidNamesNamespacesAndExpiriesNameTheParameter() {
        IdentitiesException name = assertThrows(IdentitiesException.class,
                () -> prepare(List.of(), false, List.of(), List.of(sa(0, "default", "Reader_1"))));
        assertTrue(name.getMessage().startsWith("serviceAccounts[0].name='Reader_1' is not a valid ServiceAccount name."), name.getMessage());
        IdentitiesException noName = assertThrows(IdentitiesException.class,
                () -> prepare(List.of(), false, List.of(), List.of(sa(3, "default", null))));
        assertEquals("serviceAccounts[3]: no name. Fix: give each serviceAccount a <name>.", noName.getMessage());
        IdentitiesException ns = assertThrows(IdentitiesException.class,
                () -> prepare(List.of(), false, List.of(), List.of(sa(1, "my.namespace", "ok"))));
        assertTrue(ns.getMessage().startsWith("serviceAccounts[1].namespace='my.namespace' is not a valid namespace name."), ns.getMessage());
        IdentitiesException expiry = assertThrows(IdentitiesException.class,
                () -> prepare(List.of(), false, List.of(), List.of(withExpiry(sa(0, "default", "a"), Duration.ofMinutes(5)))));
        assertTrue(expiry.getMessage().startsWith("serviceAccounts[0].tokenExpiry=5m is shorter than the 10 minutes"), expiry.getMessage());
    }

    @Test
    void rulesNeedVerbsAndResourcesAndNonResourceUrlsOnlyClusterWide() {
        PolicyRuleSpec noVerbs = PolicyRuleSpec.of(List.of(""), List.of("services"), List.of(), List.of());
        PolicyRuleSpec urls = new PolicyRuleSpec(List.of(), List.of(), List.of(), List.of("get"), List.of("/metrics"));
        ServiceAccountSpec base = sa(0, "default", "a");
        IdentitiesException e1 = assertThrows(IdentitiesException.class, () -> prepare(List.of(), false, List.of(),
                List.of(new ServiceAccountSpec(base.origin(), "a", "default", List.of(), List.of(), List.of(noVerbs), List.of(),
                        Duration.ofHours(1), List.of()))));
        assertTrue(e1.getMessage().startsWith("serviceAccounts[0].rules[0] has no verbs."), e1.getMessage());
        IdentitiesException e2 = assertThrows(IdentitiesException.class, () -> prepare(List.of(), false, List.of(),
                List.of(new ServiceAccountSpec(base.origin(), "a", "default", List.of(), List.of(), List.of(urls), List.of(),
                        Duration.ofHours(1), List.of()))));
        assertTrue(e2.getMessage().contains("only a ClusterRole can grant. Fix: move the rule to clusterRules."), e2.getMessage());
        prepare(List.of(), false, List.of(), List.of(new ServiceAccountSpec(base.origin(), "a", "default", List.of(), List.of(),
                List.of(), List.of(urls), Duration.ofHours(1), List.of())));
    }
}
