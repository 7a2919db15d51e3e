package dev.envtest.plugin.identities;

import java.net.URI;

/**
 * What a container's in-cluster configuration needs besides the bundle's files: {@code KUBERNETES_SERVICE_HOST}
 * (the host name containers use for the API server, taken from {@code envtest.container.url}; an IPv6 address without
 * brackets, as Kubernetes sets it) and {@code KUBERNETES_SERVICE_PORT} (the API server's port).
 */
public record InClusterEndpoint(String host, int port) {

    public static InClusterEndpoint fromContainerUrl(String containerUrl) {
        URI uri = URI.create(containerUrl);
        String host = uri.getHost();
        if (host == null) {
            throw new IdentitiesException("envtest.container.url=" + containerUrl + " has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        return new InClusterEndpoint(host, port);
    }

    /** {@code KEY=value} lines: a container engine's env file and a Java properties file alike. */
    public String envFile() {
        return "KUBERNETES_SERVICE_HOST=" + host + "\n"
                + "KUBERNETES_SERVICE_PORT=" + port + "\n"
                + "KUBERNETES_SERVICE_PORT_HTTPS=" + port + "\n";
    }
}
