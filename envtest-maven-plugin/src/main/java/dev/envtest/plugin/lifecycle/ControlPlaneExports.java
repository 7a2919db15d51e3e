package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.controlplane.BinaryFeatures;
import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.identities.Kubeconfig;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PropertyExport;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.file.Path;

/**
 * What the control plane exports as soon as it is ready: the admin kubeconfigs (host and container URL), written by
 * {@link #write}, and the {@code envtest.*} properties of the API server, etcd, binaries and engine.
 */
record ControlPlaneExports(Path work, Path propertiesFile, RunningControlPlane cp, EngineInfo engine, HostAccess access,
        ControlPlaneBinaries binaries, Path hostKubeconfig, Path containerKubeconfig) implements PropertyExport {

    /** Writes the admin kubeconfigs. */
    static ControlPlaneExports write(Path work, Path propertiesFile, RunningControlPlane cp, EngineInfo engine, HostAccess access,
            ControlPlaneBinaries binaries) {
        ControlPlanePki pki = cp.pki();
        Path hostKubeconfig = Kubeconfig.withClientCertificate(cp.hostUrl(), pki.caPem(), ControlPlanePki.ADMIN_USER,
                pki.admin().certificatePem(), pki.admin().clientKeyPem()).writeTo(WorkDirectory.of(work).adminKubeconfig());
        Path containerKubeconfig = Kubeconfig.withClientCertificate(cp.containerUrl(), pki.caPem(), ControlPlanePki.ADMIN_USER,
                pki.admin().certificatePem(), pki.admin().clientKeyPem()).writeTo(WorkDirectory.of(work).containerAdminKubeconfig());
        return new ControlPlaneExports(work, propertiesFile, cp, engine, access, binaries, hostKubeconfig, containerKubeconfig);
    }

    @Override
    public void exportTo(ExportedProperties properties) {
        ControlPlanePki pki = cp.pki();
        properties
                .put("envtest.cluster.mode", "envtest")
                .put("envtest.url", cp.hostUrl())
                .put("envtest.container.url", cp.containerUrl())
                .put("envtest.kubeconfig", hostKubeconfig.toString())
                .put("envtest.container.kubeconfig", containerKubeconfig.toString())
                .put("envtest.ca", pki.caCertificateFile().toString())
                .put("envtest.admin.certificate", pki.adminCertificateFile().toString())
                .put("envtest.admin.key", pki.adminKeyFile().toString())
                .put("envtest.port", Integer.toString(cp.port()))
                .put("envtest.bindAddress", access.bindAddress())
                .put("envtest.container.host", access.containerHost())
                .put("envtest.container.addHost", access.addHost().orElse(""))
                .put("envtest.etcd.url", cp.etcdUrl())
                .put("envtest.kubernetes.version", BinaryFeatures.forCurrentUser().version(binaries.kubeApiServer().path()).replaceFirst("^Kubernetes v?", ""))
                .put("envtest.binaries", binaries.directory().toString())
                .put("envtest.binaries.source", binaries.kubeApiServer().source())
                .put("envtest.engine", engine.mode().name())
                .put("envtest.engine.host", engine.dockerHost() == null ? "" : engine.dockerHost())
                .put("envtest.workDirectory", work.toString())
                .put("envtest.logs", WorkDirectory.of(work).logs().toString())
                .put("envtest.properties", propertiesFile.toAbsolutePath().toString());
    }
}
