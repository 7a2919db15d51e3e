package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {

    private static Map<String, List<String>> graph(Object... pairs) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> deps = (List<String>) pairs[i + 1];
            g.put((String) pairs[i], deps);
        }
        return g;
    }

    @Test
    void independentContainersShareTheFirstLayerAndDependentsFollowTheirDependencies() {
        DependencyOrder order = DependencyOrder.of(graph(
                "app", List.of("db", "cache"), "db", List.of(), "cache", List.of(), "probe", List.of("app")));
        assertEquals(List.of(List.of("db", "cache"), List.of("app"), List.of("probe")), order.layers());
        assertEquals(List.of("db", "cache", "app", "probe"), order.startOrder());
        assertEquals(List.of("db", "cache"), order.dependenciesOf("app"));
    }

    @Test
    void aCycleIsNamedWithItsPath() {
        ContainerException e = assertThrows(ContainerException.class, () -> DependencyOrder.of(graph(
                "a", List.of("b"), "b", List.of("c"), "c", List.of("a"), "d", List.of())));
        assertTrue(e.getMessage().contains("cycle: a -> b -> c -> a"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: remove one of these dependsOn entries"), e.getMessage());
    }

    @Test
    void aSelfDependencyIsRejected() {
        ContainerException e = assertThrows(ContainerException.class, () -> DependencyOrder.of(graph("a", List.of("a"))));
        assertTrue(e.getMessage().contains("'a' depends on itself"), e.getMessage());
    }

    @Test
    void anUnknownDependencyListsTheDeclaredNames() {
        ContainerException e = assertThrows(ContainerException.class, () -> DependencyOrder.of(graph(
                "app", List.of("postgres"), "db", List.of())));
        assertTrue(e.getMessage().contains("'app' depends on 'postgres', which is not declared"), e.getMessage());
        assertTrue(e.getMessage().contains("declared: app, db"), e.getMessage());
    }
}
