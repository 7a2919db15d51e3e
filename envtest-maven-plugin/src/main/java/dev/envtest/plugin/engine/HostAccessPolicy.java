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

    /**
     * kube-apiserver's {@code --bind-address=0.0.0.0} is Go's wildcard listener, which on Linux takes IPv6 too
     * ({@code *:<port>}; {@code https://[::1]:<port>} answers): the log must say so, not "all IPv4 addresses".
     */
    static final String EVERY_ADDRESS = "so the API server listens on every address of this machine (0.0.0.0: kube-apiserver's"
            + " wildcard listener takes IPv6 as well as IPv4)";

    /**
     * Whether this engine's containers can reach a server listening only on the host's loopback: not through a bridge
     * gateway (rootful Podman, Docker Engine) nor through pasta's mapping of the host's global address.
     */
    public static boolean containersReachLoopback(EngineMode mode) {
        return switch (mode) {
            case PODMAN_ROOTFUL, PODMAN_ROOTLESS_PASTA, DOCKER_ENGINE -> false;
            case PODMAN_ROOTLESS_SLIRP4NETNS, PODMAN_MACHINE, DOCKER_DESKTOP, NONE -> true;
        };
    }

    public static HostAccess choose(EngineMode mode) {
        return switch (mode) {
            case PODMAN_ROOTFUL -> new HostAccess("0.0.0.0", PODMAN_HOST, Optional.empty(),
                    "rootful Podman: containers reach the host through their network's bridge gateway, an interface that"
                            + " exists only while a container is attached, " + EVERY_ADDRESS);
            case PODMAN_ROOTLESS_PASTA -> new HostAccess("0.0.0.0", PODMAN_HOST, Optional.empty(),
                    "rootless Podman with pasta: host.containers.internal is mapped to the host's global address, not its"
                            + " loopback, " + EVERY_ADDRESS);
            // Podman 4 resolves host.containers.internal, for a rootless container on slirp4netns or on a rootless
            // bridge network, to one of the host's own non-loopback addresses; 10.0.2.2 would reach the host's
            // loopback only with allow_host_loopback=true, which is off by default ("network is unreachable").
            case PODMAN_ROOTLESS_SLIRP4NETNS -> new HostAccess("0.0.0.0", PODMAN_HOST, Optional.empty(),
                    "rootless Podman with slirp4netns: host.containers.internal is one of the host's own non-loopback"
                            + " addresses (10.0.2.2 reaches loopback only with allow_host_loopback, off by default), " + EVERY_ADDRESS);
            case PODMAN_MACHINE -> new HostAccess("127.0.0.1", PODMAN_HOST, Optional.empty(),
                    "Podman machine: gvproxy forwards host.containers.internal to the host's 127.0.0.1 (IPv4 only)");
            case DOCKER_ENGINE -> new HostAccess("0.0.0.0", DOCKER_HOST, Optional.of(DOCKER_HOST + ":host-gateway"),
                    "Docker Engine: host.docker.internal is the docker0 bridge gateway (--add-host host-gateway), " + EVERY_ADDRESS);
            case DOCKER_DESKTOP -> new HostAccess("127.0.0.1", DOCKER_HOST, Optional.empty(),
                    "Docker Desktop: host.docker.internal reaches the host's loopback");
            case NONE -> new HostAccess("127.0.0.1", PODMAN_HOST, Optional.empty(),
                    "no container engine answered: the API server listens on loopback for host-side clients only");
        };
    }
}
