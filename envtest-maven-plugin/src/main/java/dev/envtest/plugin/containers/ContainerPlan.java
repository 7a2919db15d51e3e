package dev.envtest.plugin.containers;

import dev.envtest.plugin.containers.wait.HttpWait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The containers of one build, checked before anything starts: names, images and build contexts, ports, files to
 * copy, aliases and the {@code dependsOn} graph. Every problem found is reported at once, each with its fix.
 */
public final class ContainerPlan {

    /** A DNS label: the name is also the container's network alias and part of property names. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern ENV_NAME = Pattern.compile("[^=\\s]+");

    private final Map<String, ContainerSpec> specs;
    private final DependencyOrder order;

    private ContainerPlan(Map<String, ContainerSpec> specs, DependencyOrder order) {
        this.specs = specs;
        this.order = order;
    }

    public static ContainerPlan empty() {
        return new ContainerPlan(Map.of(), DependencyOrder.of(Map.of()));
    }

    public static ContainerPlan of(List<ContainerSpec> containers) {
        List<String> problems = new ArrayList<>();
        Map<String, ContainerSpec> byName = new LinkedHashMap<>();
        Map<String, String> aliasOwner = new LinkedHashMap<>();
        for (ContainerSpec spec : containers) {
            String name = spec.name();
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add("container name '" + name + "' is not a DNS label. Fix: use lower-case letters, digits and '-'"
                        + " (at most 63, starting and ending with a letter or digit), e.g. datastorage.");
                continue;
            }
            if (byName.putIfAbsent(name, spec) != null) {
                problems.add("two containers are named '" + name + "'. Fix: give each container its own name.");
                continue;
            }
            aliasOwner.putIfAbsent(name, name);
        }
        for (ContainerSpec spec : byName.values()) {
            check(spec, problems);
            for (String alias : spec.aliases()) {
                String owner = aliasOwner.putIfAbsent(alias, spec.name());
                if (owner != null && !owner.equals(spec.name())) {
                    problems.add("container '" + spec.name() + "': alias '" + alias + "' is already the name or an alias of '"
                            + owner + "'. Fix: choose another alias.");
                }
            }
        }
        Map<String, List<String>> graph = new LinkedHashMap<>();
        byName.values().forEach(s -> graph.put(s.name(), s.dependsOn()));
        DependencyOrder order = null;
        try {
            order = DependencyOrder.of(graph);
        } catch (ContainerException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ContainerException(problems.size() == 1 ? problems.get(0)
                    : "the containers' configuration has " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        }
        return new ContainerPlan(byName, order);
    }

    private static void check(ContainerSpec spec, List<String> problems) {
        String c = "container '" + spec.name() + "': ";
        ImageSpec image = spec.image();
        if (image.build().isPresent()) {
            BuildSpec build = image.build().get();
            Path context = build.contextDirectory();
            if (!Files.isDirectory(context)) {
                problems.add(c + "the build context directory " + context + " does not exist. Fix: point contextDirectory at"
                        + " a directory (built before pre-integration-test), or use an image.");
            } else if (!Files.isRegularFile(build.containerfile())) {
                problems.add(c + "the Containerfile " + build.containerfile() + " does not exist. Fix: add it, or set"
                        + " containerfile to the file's path.");
            } else if (!build.containerfile().toAbsolutePath().normalize().startsWith(context.toAbsolutePath().normalize())) {
                problems.add(c + "the Containerfile " + build.containerfile() + " is outside the context directory " + context
                        + ". Fix: put it inside the context directory.");
            }
            image.reference().filter(r -> !r.isBlank() && !validReference(r)).ifPresent(r -> problems.add(c + "image '" + r
                    + "' is not a valid tag for the built image. Fix: use repository[:tag] in lower case, e.g. localhost/my-service:it."));
        } else if (image.reference().isEmpty() || image.reference().get().isBlank()) {
            problems.add(c + "no image. Fix: set image (e.g. postgres:16) or a build with contextDirectory.");
        } else if (!IMAGE_REFERENCE.matcher(image.reference().get().trim()).matches()) {
            // found here, before anything starts, instead of as the engine's "invalid reference format" after the control plane
            problems.add(c + "image '" + image.reference().get() + "' is not a valid image reference. Fix: write"
                    + " [registry[:port]/]repository[:tag][@digest] with a lower-case repository, e.g. postgres:16 or"
                    + " registry.example.com:5000/team/service:1.2.");
        }
        Set<Integer> ports = new LinkedHashSet<>(spec.ports());
        ports.addAll(spec.readiness().requiredPorts());
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                problems.add(c + "port " + port + " is not a TCP port. Fix: use 1-65535.");
            }
        }
        if (spec.readiness() instanceof HttpWait h && (h.status() < 100 || h.status() > 599)) {
            problems.add(c + "the HTTP wait expects status " + h.status() + ". Fix: use an HTTP status code, e.g. 200.");
        }
        if (spec.readiness().timeout().isNegative() || spec.readiness().timeout().isZero()) {
            problems.add(c + "the wait timeout must be positive. Fix: set wait/timeout in seconds, e.g. 60.");
        }
        for (String alias : spec.aliases()) {
            if (!ALIAS.matcher(alias).matches()) {
                problems.add(c + "alias '" + alias + "' is not a DNS name. Fix: use letters, digits, '-' and dots.");
            }
        }
        for (String key : spec.env().keySet()) {
            if (!ENV_NAME.matcher(key).matches()) {
                problems.add(c + "environment variable name '" + key + "' is empty or contains '=' or spaces.");
            }
        }
        for (FileCopy file : spec.files()) {
            if (file.source() == null || !Files.exists(file.source())) {
                problems.add(c + "the file to copy " + file.source() + " does not exist. Fix: correct the source path, or"
                        + " create the file before pre-integration-test.");
            } else if (!Files.isReadable(file.source())) {
                problems.add(c + "the file to copy " + file.source() + " is not readable.");
            }
            try {
                CopyArchive.normalize(file.target());
            } catch (ContainerException e) {
                problems.add(c + e.getMessage());
            }
            if (file.mode().isPresent() && (file.mode().getAsInt() < 0 || file.mode().getAsInt() > 07777)) {
                problems.add(c + "mode " + Integer.toOctalString(file.mode().getAsInt()) + " of " + file.target()
                        + " is not a permission mode. Fix: use octal such as 0644.");
            }
        }
        spec.serviceAccount().ifPresent(sa -> {
            if (sa.reference() == null || sa.reference().isBlank()) {
                problems.add(c + "serviceAccount is empty. Fix: name a ServiceAccount the build provisions, or leave it out.");
            }
            if (sa.mode() == CredentialsMode.KUBECONFIG) {
                try {
                    CopyArchive.normalize(sa.kubeconfigPath());
                } catch (ContainerException e) {
                    problems.add(c + "kubeconfigPath: " + e.getMessage());
                }
            }
        });
    }

    /** The distribution reference grammar: optional domain (with port), lower-case path components, tag, digest. */
    private static final java.util.regex.Pattern IMAGE_REFERENCE = java.util.regex.Pattern.compile(
            "(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])"
            + "(?::[0-9]+)?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
            + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

    private static boolean validReference(String reference) {
        return reference.matches("[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?");
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    public List<ContainerSpec> containers() {
        return List.copyOf(specs.values());
    }

    public ContainerSpec get(String name) {
        return specs.get(name);
    }

    public DependencyOrder order() {
        return order;
    }

    /** The container ports published for a container: its own list plus what its wait reaches. */
    public static List<Integer> publishedPorts(ContainerSpec spec) {
        Set<Integer> ports = new LinkedHashSet<>(spec.ports());
        ports.addAll(spec.readiness().requiredPorts());
        return List.copyOf(ports);
    }
}
