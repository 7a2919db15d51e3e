package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one control plane start needs that is known before the container engine answers (where the API
 * server listens comes later, as a {@link ControlPlane.Placement}).
 *
 * @param binaries       etcd and kube-apiserver
 * @param workDirectory  where PKI, etcd data and logs go (e.g. {@code target/envtest})
 * @param apiServerPort  0 for a free port
 * @param etcdPort       0 for a free port
 * @param apiServerArgs  user flags, replacing defaults of the same name
 * @param etcdArgs       user flags for etcd, same rule
 * @param startupTimeout how long to wait for /readyz
 * @param sessionId      marks processes as this build's
 * @param ports          where free ports are claimed, so that parallel starts are never handed the same one
 * @param warmEtcd       whether etcd starts on a saved bootstrap, and where those are
 * @param outliveThisJvm whether etcd and kube-apiserver are left running when this JVM exits ({@code mvn envtest:start}
 *                       on its own, keepRunning): they are then started so that the JVM's exit does not wait for them
 */
public record ControlPlaneSettings(
        ControlPlaneBinaries binaries,
        Path workDirectory,
        int apiServerPort,
        int etcdPort,
        List<String> apiServerArgs,
        List<String> etcdArgs,
        Duration startupTimeout,
        String sessionId,
        PortReservations ports,
        WarmEtcd warmEtcd,
        boolean outliveThisJvm) {

    public Path pkiDirectory() {
        return WorkDirectory.of(workDirectory).pki();
    }

    public Path logDirectory() {
        return WorkDirectory.of(workDirectory).logs();
    }

    public Path etcdDataDirectory() {
        return WorkDirectory.of(workDirectory).etcdData();
    }
}
