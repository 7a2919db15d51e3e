package dev.envtest.plugin.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Inputs that would otherwise fail late with a message naming neither cause nor fix — or not fail at all — checked
 * before anything is started or written: each error says what is wrong and what to set instead.
 */
final class StartChecks {

    private StartChecks() {
    }

    static void check(StartRequest request) {
        ports(request.apiServerPort(), request.etcdPort());
        binaryDirectory(request.binaryDirectory());
        containerHost(request.containerHost());
        request.dockerHost().ifPresent(StartChecks::dockerHost);
        workDirectory(request.workDirectory());
    }

    static void ports(int apiServerPort, int etcdPort) {
        if (apiServerPort != 0 && apiServerPort == etcdPort) {
            throw new IllegalArgumentException("apiServerPort and etcdPort are both " + apiServerPort
                    + ": kube-apiserver and etcd cannot listen on one port. Fix: give them different ports, or leave one at 0"
                    + " (a free port is picked).");
        }
    }

    static void binaryDirectory(Optional<Path> directory) {
        if (directory.isPresent() && !Files.isDirectory(directory.get())) {
            throw new IllegalArgumentException("binaryDirectory " + directory.get() + (Files.exists(directory.get())
                    ? " is not a directory" : " does not exist") + ". Fix: point -Denvtest.binaryDirectory at the directory"
                    + " that holds etcd and kube-apiserver, or leave it out to use the setup-envtest store.");
        }
    }

    /** A host name or IP (no scheme, path or port): containers dial {@code https://<containerHost>:<port>}. */
    static void containerHost(String host) {
        if (host == null || host.isBlank() || host.trim().equalsIgnoreCase(StartRequest.AUTO)) {
            return;
        }
        String h = host.trim();
        boolean ipv6 = h.startsWith("[") && h.endsWith("]") || h.chars().filter(c -> c == ':').count() >= 2;
        if (h.contains("://") || h.contains("/") || h.contains("@") || (!ipv6 && h.contains(":")) || h.contains(" ")) {
            throw new IllegalArgumentException("containerHost '" + h + "' is not a host name or IP address (it looks like a"
                    + " URL or host:port). Fix: give only the name containers dial, e.g. host.containers.internal or 10.88.0.1;"
                    + " the port is the API server's own.");
        }
    }

    static void dockerHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.isEmpty()) {
            return;
        }
        if (!(h.startsWith("unix://") || h.startsWith("tcp://") || h.startsWith("npipe://"))) {
            throw new IllegalArgumentException("dockerHost '" + host + "' is not an engine address this plugin can use. Fix:"
                    + " unix:///run/podman/podman.sock (a socket path), tcp://host:2375, npipe:////./pipe/docker_engine,"
                    + " or leave it out to discover the engine.");
        }
    }

    /** The work directory must be creatable and writable: session.json is written there the moment anything starts. */
    static void workDirectory(Path directory) {
        Path probe = null;
        try {
            Files.createDirectories(directory);
            probe = Files.createTempFile(directory, ".write-check", ".tmp");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("workDirectory " + directory + " is not writable (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "). Fix: make it writable for this user, or set -Denvtest.workDirectory to a"
                    + " writable directory.", e);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a leftover empty probe file is harmless
                }
            }
        }
    }
}
