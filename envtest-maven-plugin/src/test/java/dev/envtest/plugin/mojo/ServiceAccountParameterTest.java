package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.envtest.plugin.identities.PolicyRuleSpec;
import dev.envtest.plugin.identities.ServiceAccountSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceAccountParameterTest {

    private static ServiceAccountSpec shortForm(String text) {
        ServiceAccount sa = new ServiceAccount();
        sa.set(text);
        return IdentitiesParameters.toSpec(sa, "serviceAccounts[0]", Duration.ofHours(24));
    }

    @Test
    void shortFormNameOnly() {
        ServiceAccountSpec spec = shortForm("no-access-client");
        assertEquals("no-access-client", spec.name());
        assertEquals("default", spec.namespace());
        assertEquals(List.of(), spec.clusterRoles());
        assertEquals(Duration.ofHours(24), spec.tokenExpiry());
    }

    @Test
    void shortFormWithNamespaceAndClusterRoles() {
        ServiceAccountSpec spec = shortForm("payments/data-storage-sa:system:auth-delegator+view");
        assertEquals("data-storage-sa", spec.name());
        assertEquals("payments", spec.namespace());
        assertEquals(List.of("system:auth-delegator", "view"), spec.clusterRoles());
        assertEquals("system:serviceaccount:payments:data-storage-sa", spec.username());
    }

    @Test
    void longFormWithRulesAndOwnExpiry() throws Exception {
        ServiceAccount sa = new ServiceAccount();
        set(sa, "name", "reader");
        set(sa, "tokenExpiry", "2h");
        Rule rule = new Rule();
        rule.getApiGroups().add("core");
        rule.getResources().add("services");
        rule.getResourceNames().add("data-storage-service");
        rule.getVerbs().add(" get ");
        sa.getRules().add(rule);
        sa.getRoles().add("  ");
        ServiceAccountSpec spec = IdentitiesParameters.toSpec(sa, "serviceAccounts[1]", Duration.ofHours(24));
        assertEquals(Duration.ofHours(2), spec.tokenExpiry());
        assertEquals(List.of(), spec.roles(), "blank entries are dropped");
        assertEquals(List.of(PolicyRuleSpec.of(List.of(""), List.of("services"), List.of("data-storage-service"), List.of("get"))),
                spec.rules());
    }

    private static void set(Object target, String field, Object value) throws Exception {
        var f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
