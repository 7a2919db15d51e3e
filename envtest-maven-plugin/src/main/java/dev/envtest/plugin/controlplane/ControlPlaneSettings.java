package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one control plane start needs, already validated and resolved.
 *
 * @param binaries       etcd and kube-apiserver
 * @param workDirectory  where PKI, etcd data and logs go (e.g. {@code target/envtest})
 * @param bindAddress    the API server's --bind-address
 * @param containerHost  the name containers dial (added to the serving certificate)
 * @param extraSans      more names and IPs for the serving certificate
 * @param apiServerPort  0 for a free port
 * @param etcdPort       0 for a free port
 * @param apiServerArgs  user flags, replacing defaults of the same name
 * @param etcdArgs       user flags for etcd, same rule
 * @param startupTimeout how long to wait for /readyz
 * @param sessionId      marks processes as this build's
 */
public record ControlPlaneSettings(
        ControlPlaneBinaries binaries,
        Path workDirectory,
        InetAddress bindAddress,
        String containerHost,
        List<String> extraSans,
        int apiServerPort,
        int etcdPort,
        List<String> apiServerArgs,
        List<String> etcdArgs,
        Duration startupTimeout,
        String sessionId) {

    public Path pkiDirectory() {
        return workDirectory.resolve("pki");
    }

    public Path logDirectory() {
        return workDirectory.resolve("logs");
    }

    public Path etcdDataDirectory() {
        return workDirectory.resolve("etcd-data");
    }
}
