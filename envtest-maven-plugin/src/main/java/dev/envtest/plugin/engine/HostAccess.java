package dev.envtest.plugin.engine;

import java.util.Optional;

/**
 * Where a host server must listen so the engine's containers reach it, and the name they dial.
 *
 * @param bindAddress   the IP the server binds to
 * @param containerHost the host name (or IP) containers put in the URL; it must be a SAN of the serving certificate
 * @param addHost       an {@code --add-host} entry the containers need for that name, e.g. {@code host.docker.internal:host-gateway}
 * @param reason        one sentence on why, for the build log
 */
public record HostAccess(String bindAddress, String containerHost, Optional<String> addHost, String reason) {
}
