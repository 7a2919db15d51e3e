package dev.envtest.plugin.engine;

import java.util.Optional;

/**
 * Picks, per engine mode, the narrowest bind address that the engine's containers can reach, and the
 * name they use for the host. The table behind it is in the site's networking guide.
 */
public final class HostAccessPolicy {

    public static final String PODMAN_HOST = "host.containers.internal";
    public static final String DOCKER_HOST = "host.docker.internal";

    private HostAccessPolicy() {
    }

    public static HostAccess choose(EngineMode mode) {
        return switch (mode) {
            case PODMAN_ROOTFUL -> new HostAccess("0.0.0.0", PODMAN_HOST, Optional.empty(),
                    "rootful Podman: containers reach the host through their network's bridge gateway, an interface that"
                            + " exists only while a container is attached, so the API server listens on all IPv4 addresses");
            case PODMAN_ROOTLESS_PASTA -> new HostAccess("0.0.0.0", PODMAN_HOST, Optional.empty(),
                    "rootless Podman with pasta: host.containers.internal is mapped to the host's global address, not its loopback");
            case PODMAN_ROOTLESS_SLIRP4NETNS -> new HostAccess("127.0.0.1", PODMAN_HOST, Optional.of(PODMAN_HOST + ":10.0.2.2"),
                    "rootless Podman with slirp4netns: 10.0.2.2 reaches the host's 127.0.0.1");
            case PODMAN_MACHINE -> new HostAccess("127.0.0.1", PODMAN_HOST, Optional.empty(),
                    "Podman machine: gvproxy forwards host.containers.internal to the host's 127.0.0.1 (IPv4 only)");
            case DOCKER_ENGINE -> new HostAccess("0.0.0.0", DOCKER_HOST, Optional.of(DOCKER_HOST + ":host-gateway"),
                    "Docker Engine: host.docker.internal is the docker0 bridge gateway (--add-host host-gateway)");
            case DOCKER_DESKTOP -> new HostAccess("127.0.0.1", DOCKER_HOST, Optional.empty(),
                    "Docker Desktop: host.docker.internal reaches the host's loopback");
            case NONE -> new HostAccess("127.0.0.1", PODMAN_HOST, Optional.empty(),
                    "no container engine answered: the API server listens on loopback for host-side clients only");
        };
    }
}
