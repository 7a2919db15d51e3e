package dev.envtest.plugin.engine;

/** How the container engine runs, which decides how its containers reach a server on the host. */
public enum EngineMode {
    /** Podman as root on Linux; containers on a netavark/CNI bridge reach the host through the bridge gateway. */
    PODMAN_ROOTFUL("Podman rootful (bridge)"),
    /** Rootless Podman with pasta: the host is reached through its global address, not loopback. */
    PODMAN_ROOTLESS_PASTA("Podman rootless (pasta)"),
    /**
     * Rootless Podman with slirp4netns (Podman 4): host.containers.internal is a global address of the host; 10.0.2.2
     * reaches the host's 127.0.0.1 only with allow_host_loopback, which is off by default.
     */
    PODMAN_ROOTLESS_SLIRP4NETNS("Podman rootless (slirp4netns)"),
    /** Podman machine (macOS, Windows): gvproxy forwards host.containers.internal to the host's 127.0.0.1 (IPv4). */
    PODMAN_MACHINE("Podman machine (gvproxy)"),
    /** Docker Engine on Linux: host.docker.internal via --add-host host-gateway, the docker0 bridge. */
    DOCKER_ENGINE("Docker Engine"),
    /** Docker Desktop (macOS, Windows): host.docker.internal reaches the host's loopback. */
    DOCKER_DESKTOP("Docker Desktop"),
    /** No engine answered: only host-side clients can use the API server. */
    NONE("no container engine");

    private final String description;

    EngineMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
