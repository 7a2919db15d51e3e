package dev.envtest.plugin.containers;

import dev.envtest.plugin.containers.wait.WaitStrategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container the build runs next to envtest, as declared in the pom.
 *
 * @param name           unique in the build; also a network alias, and the key of its properties and log file
 * @param image          pulled or built
 * @param command        replaces the image's ENTRYPOINT when not empty (Kubernetes' {@code command})
 * @param args           replaces the image's CMD when not empty (Kubernetes' {@code args})
 * @param env            environment; {@code ${envtest.*}} placeholders are resolved against the exported properties
 * @param aliases        more names other containers on the network reach it by
 * @param dependsOn      containers that must be ready before this one starts
 * @param ports          container TCP ports published on random 127.0.0.1 ports
 * @param files          copied in before start
 * @param labels         extra labels (the plugin's own are always added)
 * @param serviceAccount the identity injected, if any
 * @param readiness      when it counts as ready (the wait)
 * @param user           {@code uid[:gid]} or a name, replacing the image's USER, if set
 * @param tmpfs          in-memory mounts: container path to mount options ({@code ""} for the engine's defaults)
 * @param volumes        named volumes of this run: volume name (as in the pom) to the path it is mounted at; created
 *                       for the run (labelled, recorded) and removed by stop; containers naming the same volume share it
 */
public record ContainerSpec(
        String name,
        ImageSpec image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        List<String> aliases,
        List<String> dependsOn,
        List<Integer> ports,
        List<FileCopy> files,
        Map<String, String> labels,
        Optional<ServiceAccountRef> serviceAccount,
        WaitStrategy readiness,
        Optional<String> user,
        Map<String, String> tmpfs,
        Map<String, String> volumes) {

    public ContainerSpec {
        tmpfs = Map.copyOf(tmpfs);
        volumes = Map.copyOf(volumes);
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Map.copyOf(env);
        aliases = List.copyOf(aliases);
        dependsOn = List.copyOf(dependsOn);
        ports = List.copyOf(ports);
        files = List.copyOf(files);
        labels = Map.copyOf(labels);
    }

    /** A container with just a name, an image and a wait: the rest empty (tests, and a starting point for builders). */
    public static ContainerSpec minimal(String name, ImageSpec image, WaitStrategy wait) {
        return new ContainerSpec(name, image, List.of(), List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(),
                Map.of(), Optional.empty(), wait, Optional.empty(), Map.of(), Map.of());
    }

    public ContainerSpec withTmpfs(Map<String, String> mounts) {
        return new ContainerSpec(name, image, command, args, env, aliases, dependsOn, ports, files, labels, serviceAccount, readiness, user, mounts, volumes);
    }

    public ContainerSpec withVolumes(Map<String, String> mounts) {
        return new ContainerSpec(name, image, command, args, env, aliases, dependsOn, ports, files, labels, serviceAccount, readiness, user, tmpfs, mounts);
    }

    public ContainerSpec withDependsOn(List<String> names) {
        return new ContainerSpec(name, image, command, args, env, aliases, names, ports, files, labels, serviceAccount, readiness, user, tmpfs, volumes);
    }

    public ContainerSpec withPorts(List<Integer> published) {
        return new ContainerSpec(name, image, command, args, env, aliases, dependsOn, published, files, labels, serviceAccount, readiness, user, tmpfs, volumes);
    }

    public ContainerSpec withEnv(Map<String, String> values) {
        return new ContainerSpec(name, image, command, args, values, aliases, dependsOn, ports, files, labels, serviceAccount, readiness, user, tmpfs, volumes);
    }

    public ContainerSpec withArgs(List<String> values) {
        return new ContainerSpec(name, image, command, values, env, aliases, dependsOn, ports, files, labels, serviceAccount, readiness, user, tmpfs, volumes);
    }

    public ContainerSpec withAliases(List<String> values) {
        return new ContainerSpec(name, image, command, args, env, values, dependsOn, ports, files, labels, serviceAccount, readiness, user, tmpfs, volumes);
    }

    public ContainerSpec withFiles(List<FileCopy> values) {
        return new ContainerSpec(name, image, command, args, env, aliases, dependsOn, ports, values, labels, serviceAccount, readiness, user, tmpfs, volumes);
    }

    public ContainerSpec withServiceAccount(ServiceAccountRef ref) {
        return new ContainerSpec(name, image, command, args, env, aliases, dependsOn, ports, files, labels, Optional.of(ref), readiness, user, tmpfs, volumes);
    }
}
