package dev.envtest.plugin.containers;

/**
 * Where a container reaches the API server, as an in-cluster client reads it from {@code KUBERNETES_SERVICE_HOST}
 * and {@code KUBERNETES_SERVICE_PORT}: a host name or an IPv6 address without brackets, and a port.
 */
public record ApiServerAddress(String host, String port) {
}
