package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.cluster.ContainerApiServer;
import dev.envtest.plugin.cluster.UserKubeconfig;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.pki.Pem;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PropertyExport;
import dev.envtest.plugin.session.WorkDirectory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an existing cluster exports before identities are provisioned: {@code envtest.kubeconfig} is a copy of only the
 * chosen context (its cluster, user and credentials as the user's file has them, relative paths made absolute), written
 * owner-only under the work directory, so that tests and envtest-junit's {@code adminClient()} reach exactly that cluster
 * and context however many contexts the user's file has; {@code envtest.container.kubeconfig} is the same with the URL
 * containers dial. The user's own file is only ever read. What exists only for envtest's own control plane (etcd, the
 * binaries, the admin client certificate and key, the bind address) is not exported.
 */
record ExistingClusterExports(Path work, Path propertiesFile, UserKubeconfig kubeconfig, ContainerApiServer.Resolved container,
        EngineInfo engine, String kubernetesVersion, Path hostKubeconfig, Path containerKubeconfig, Optional<Path> ca)
        implements PropertyExport {

    static ExistingClusterExports write(Path work, Path propertiesFile, UserKubeconfig kubeconfig, ContainerApiServer.Resolved container,
            EngineInfo engine, String kubernetesVersion) {
        WorkDirectory dir = WorkDirectory.of(work);
        Path host = Pem.writeSecret(dir.adminKubeconfig(), kubeconfig.singleContextYaml(kubeconfig.server()));
        Path forContainers = Pem.writeSecret(dir.containerAdminKubeconfig(), kubeconfig.singleContextYaml(container.url()));
        Optional<Path> ca = kubeconfig.caPem().map(pem -> Pem.writePublic(dir.clusterCa(), pem));
        return new ExistingClusterExports(work, propertiesFile, kubeconfig, container, engine, kubernetesVersion, host, forContainers, ca);
    }

    @Override
    public void exportTo(ExportedProperties properties) {
        URI server = URI.create(kubeconfig.server());
        properties
                .put("envtest.cluster.mode", "existing")
                .put("envtest.cluster.context", kubeconfig.context())
                .put("envtest.cluster.kubeconfig", kubeconfig.location().path().toString())
                .put("envtest.url", kubeconfig.server())
                .put("envtest.container.url", container.url())
                .put("envtest.kubeconfig", hostKubeconfig.toString())
                .put("envtest.container.kubeconfig", containerKubeconfig.toString())
                .put("envtest.port", Integer.toString(server.getPort() > 0 ? server.getPort() : 443))
                .put("envtest.container.host", container.containerHost())
                .put("envtest.container.addHost", container.addHost().orElse(""))
                .put("envtest.kubernetes.version", kubernetesVersion)
                .put("envtest.engine", engine.mode().name())
                .put("envtest.engine.host", engine.dockerHost() == null ? "" : engine.dockerHost())
                .put("envtest.workDirectory", work.toString())
                .put("envtest.logs", WorkDirectory.of(work).logs().toString())
                .put("envtest.properties", propertiesFile.toAbsolutePath().toString());
        ca.ifPresent(file -> properties.put("envtest.ca", file.toString()));
    }
}
