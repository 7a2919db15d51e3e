package dev.envtest.plugin.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order containers start in: a container starts once every container it {@code dependsOn} is ready, and
 * containers that do not depend on each other start at the same time. Unknown names and cycles are errors.
 */
public final class DependencyOrder {

    private final Map<String, List<String>> dependsOn;

    private DependencyOrder(Map<String, List<String>> dependsOn) {
        this.dependsOn = dependsOn;
    }

    /** Checks the graph: every name known, no self-dependency, no cycle. */
    public static DependencyOrder of(Map<String, List<String>> dependsOn) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        dependsOn.forEach((k, v) -> graph.put(k, List.copyOf(new LinkedHashSet<>(v))));
        for (Map.Entry<String, List<String>> e : graph.entrySet()) {
            for (String dep : e.getValue()) {
                if (dep.equals(e.getKey())) {
                    throw new ContainerException("container '" + dep + "' depends on itself. Fix: remove '" + dep
                            + "' from its dependsOn.");
                }
                if (!graph.containsKey(dep)) {
                    throw new ContainerException("container '" + e.getKey() + "' depends on '" + dep + "', which is not declared."
                            + " Fix: declare a container named '" + dep + "' or correct the name (declared: "
                            + String.join(", ", graph.keySet()) + ").");
                }
            }
        }
        List<String> cycle = findCycle(graph);
        if (!cycle.isEmpty()) {
            throw new ContainerException("the containers' dependsOn form a cycle: " + String.join(" -> ", cycle)
                    + ". Fix: remove one of these dependsOn entries; a container can only wait for containers that do not wait for it.");
        }
        return new DependencyOrder(graph);
    }

    public List<String> dependenciesOf(String name) {
        return dependsOn.getOrDefault(name, List.of());
    }

    /** Groups that can start together, in order: each group's containers depend only on earlier groups. */
    public List<List<String>> layers() {
        List<List<String>> layers = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < dependsOn.size()) {
            List<String> layer = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
                if (!placed.contains(e.getKey()) && placed.containsAll(e.getValue())) {
                    layer.add(e.getKey());
                }
            }
            placed.addAll(layer);
            layers.add(layer);
        }
        return layers;
    }

    /** Every container, dependencies before dependents. */
    public List<String> startOrder() {
        List<String> order = new ArrayList<>();
        layers().forEach(order::addAll);
        return order;
    }

    private static List<String> findCycle(Map<String, List<String>> graph) {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    /** Depth-first search; 1 = on the current path, 2 = done. Returns the cycle (first name repeated at the end). */
    private static List<String> visit(String node, Map<String, List<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String dep : graph.getOrDefault(node, List.of())) {
            List<String> cycle = visit(dep, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
