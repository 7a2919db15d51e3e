package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyNamesTest {

    static ServiceAccountSpec sa(int index, String namespace, String name) {
        return new ServiceAccountSpec("serviceAccounts[" + index + "]", name, namespace, List.of(), List.of(), List.of(), List.of(),
                Duration.ofHours(24), List.of());
    }

    @Test
    void uniqueNamesGetShortPrefixes() {
        ServiceAccountSpec a = sa(0, "default", "data-storage-sa");
        ServiceAccountSpec b = sa(1, "clients", "reader");
        Map<ServiceAccountSpec, String> prefixes = PropertyNames.prefixes(List.of(a, b));
        assertEquals("envtest.sa.data-storage-sa.", prefixes.get(a));
        assertEquals("envtest.sa.reader.", prefixes.get(b));
    }

    @Test
    void aNameDeclaredInTwoNamespacesGetsTheNamespaceInBothPrefixes() {
        ServiceAccountSpec a = sa(0, "team-a", "client");
        ServiceAccountSpec b = sa(1, "team-b", "client");
        ServiceAccountSpec c = sa(2, "team-a", "other");
        Map<ServiceAccountSpec, String> prefixes = PropertyNames.prefixes(List.of(a, b, c));
        assertEquals("envtest.sa.team-a.client.", prefixes.get(a));
        assertEquals("envtest.sa.team-b.client.", prefixes.get(b));
        assertEquals("envtest.sa.other.", prefixes.get(c), "names without a collision stay short");
        assertEquals(List.of(a, b, c), List.copyOf(prefixes.keySet()), "declaration order");
    }

    @Test
    void prefixesThatStillCoincideAreAnError() {
        // namespace "a" + name "container" exports envtest.sa.a.container.kubeconfig, as does the unique name "a"
        ServiceAccountSpec x1 = sa(0, "a", "x");
        ServiceAccountSpec x2 = sa(1, "b", "x");
        ServiceAccountSpec dotted = sa(2, "c", "a.x");
        IdentitiesException e = assertThrows(IdentitiesException.class, () -> PropertyNames.prefixes(List.of(x1, x2, dotted)));
        assertTrue(e.getMessage().contains("serviceAccounts[2] (c/a.x) and serviceAccounts[0] (a/x) would both export envtest.sa.a.x.name"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: rename one of them"), e.getMessage());
    }
}
