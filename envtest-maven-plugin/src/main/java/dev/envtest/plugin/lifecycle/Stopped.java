package dev.envtest.plugin.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stop ended, by kind and name, so that the log says what it was: "2 processes (kube-apiserver, etcd),
 * 1 container (probe), 1 network (envtest-1a2b)" rather than a count of everything as processes.
 */
public record Stopped(List<String> processes, List<String> containers, List<String> networks, List<String> volumes,
        List<String> objects) {

    public Stopped(List<String> processes, List<String> containers, List<String> networks) {
        this(processes, containers, networks, List.of(), List.of());
    }

    public Stopped(List<String> processes, List<String> containers, List<String> networks, List<String> volumes) {
        this(processes, containers, networks, volumes, List.of());
    }

    public static Stopped nothing() {
        return new Stopped(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return processes.isEmpty() && containers.isEmpty() && networks.isEmpty() && volumes.isEmpty() && objects.isEmpty();
    }

    public int total() {
        return processes.size() + containers.size() + networks.size() + volumes.size() + objects.size();
    }

    public Stopped plus(Stopped other) {
        return new Stopped(concat(processes, other.processes), concat(containers, other.containers),
                concat(networks, other.networks), concat(volumes, other.volumes), concat(objects, other.objects));
    }

    /** {@code 2 processes (kube-apiserver, etcd), 1 container (probe)}, or {@code nothing}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        part(parts, processes, "process", "processes");
        part(parts, containers, "container", "containers");
        part(parts, networks, "network", "networks");
        part(parts, volumes, "volume", "volumes");
        part(parts, objects, "Kubernetes object", "Kubernetes objects");
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    private static void part(List<String> parts, List<String> names, String one, String many) {
        if (!names.isEmpty()) {
            parts.add(names.size() + " " + (names.size() == 1 ? one : many) + " (" + String.join(", ", names) + ")");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
