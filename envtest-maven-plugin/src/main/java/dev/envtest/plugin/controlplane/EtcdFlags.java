package dev.envtest.plugin.controlplane;

import java.nio.file.Path;

/** etcd's flags for a single throw-away member on loopback. */
public final class EtcdFlags {

    private EtcdFlags() {
    }

    public static CommandLineFlags defaults(Path dataDirectory, int clientPort, int peerPort, boolean unsafeNoFsync) {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        CommandLineFlags flags = new CommandLineFlags()
                .set("name", "envtest")
                .set("data-dir", dataDirectory.toString())
                .set("listen-client-urls", client)
                .set("advertise-client-urls", client)
                .set("listen-peer-urls", peer)
                .set("initial-advertise-peer-urls", peer)
                .set("initial-cluster", "envtest=" + peer)
                .set("log-level", "warn");
        if (unsafeNoFsync) {
            flags.set("unsafe-no-fsync", "true");
        }
        return flags;
    }
}
