package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The names under target/envtest are a contract: the site documents them and a stop in another JVM looks for them. */
class WorkDirectoryTest {

    @Test
    void everyPathHasTheDocumentedName() {
        WorkDirectory work = WorkDirectory.of(Path.of("/p/target/envtest"));
        assertEquals(Path.of("/p/target/envtest/session.json"), work.sessionFile());
        assertEquals(Path.of("/p/target/envtest/envtest.properties"), work.propertiesFile());
        assertEquals(Path.of("/p/target/envtest/pki"), work.pki());
        assertEquals(Path.of("/p/target/envtest/etcd-data"), work.etcdData());
        assertEquals(Path.of("/p/target/envtest/logs/kube-apiserver.log"), work.log("kube-apiserver"));
        assertEquals(Path.of("/p/target/envtest/logs/app.build.log"), work.buildLog("app"));
        assertEquals(Path.of("/p/target/envtest/identities"), work.identities());
        assertEquals(Path.of("/p/target/envtest/kubeconfig"), work.adminKubeconfig());
        assertEquals(Path.of("/p/target/envtest/container-kubeconfig"), work.containerAdminKubeconfig());
        assertEquals(Path.of("/p/target/envtest/tmp"), work.scratch());
    }
}
