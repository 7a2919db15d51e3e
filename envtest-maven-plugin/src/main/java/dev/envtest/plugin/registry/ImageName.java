package dev.envtest.plugin.registry;

/**
 * An image reference split the way registries and credential files name its parts.
 *
 * @param registry    the registry host ({@code 127.0.0.1:5443}, {@code quay.io}); {@code docker.io} when the
 *                    reference names none ({@code postgres:16})
 * @param repository  the path in the registry ({@code envtest/postgresql}; {@code library/postgres} on Docker Hub)
 * @param tagOrDigest {@code 15}, {@code sha256:...}; {@code latest} when the reference names none
 */
public record ImageName(String registry, String repository, String tagOrDigest) {

    public static final String DOCKER_HUB = "docker.io";

    public static ImageName parse(String reference) {
        String rest = reference.trim();
        String tag = "latest";
        int at = rest.indexOf('@');
        if (at > 0) {
            tag = rest.substring(at + 1);
            rest = rest.substring(0, at);
        } else {
            int slash = rest.lastIndexOf('/');
            int colon = rest.lastIndexOf(':');
            if (colon > slash) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
        }
        int first = rest.indexOf('/');
        String head = first < 0 ? "" : rest.substring(0, first);
        // As the engines decide: a first segment with a dot or a port, or "localhost", is a registry host.
        if (first > 0 && (head.contains(".") || head.contains(":") || head.equals("localhost"))) {
            return new ImageName(normalizeHost(head), rest.substring(first + 1), tag);
        }
        return new ImageName(DOCKER_HUB, first < 0 ? "library/" + rest : rest, tag);
    }

    /** The repository as the pull API wants it: with the registry, as the reference had it. */
    public String pullRepository() {
        return registry.equals(DOCKER_HUB) ? repository : registry + "/" + repository;
    }

    /**
     * A registry key as credential files write it ({@code https://index.docker.io/v1/}, {@code quay.io/ns},
     * {@code 127.0.0.1:5443}): no scheme, no API path, Docker Hub's aliases as {@code docker.io}.
     */
    public static String normalizeHost(String key) {
        String k = key.trim().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        k = k.replaceFirst("/v[12]/?$", "").replaceFirst("/+$", "");
        String host = k.contains("/") ? k.substring(0, k.indexOf('/')) : k;
        String path = k.contains("/") ? k.substring(k.indexOf('/')) : "";
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io") || host.equals("registry.hub.docker.com")) {
            host = DOCKER_HUB;
        }
        return host + path;
    }

    @Override
    public String toString() {
        String shown = registry.equals(DOCKER_HUB) ? repository.replaceFirst("^library/", "") : pullRepository();
        return shown + (tagOrDigest.contains(":") ? "@" : ":") + tagOrDigest;
    }
}
