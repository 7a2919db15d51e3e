package dev.envtest.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** cluster vs USE_EXISTING_CLUSTER, and which kubeconfig is read by default. */
class ClusterChoiceTest {

    @Test
    void envtestByDefault() {
        ClusterChoice choice = ClusterChoice.resolve(null, Map.of());
        assertFalse(choice.existing());
        assertTrue(choice.reason().contains("default"), choice.reason());
    }

    @Test
    void useExistingClusterTrueSelectsTheExistingClusterWhenTheParameterIsNotSet() {
        ClusterChoice choice = ClusterChoice.resolve(" ", Map.of("USE_EXISTING_CLUSTER", "TRUE"));
        assertTrue(choice.existing());
        assertTrue(choice.reason().contains("USE_EXISTING_CLUSTER=true"), choice.reason());
        assertFalse(ClusterChoice.resolve(null, Map.of("USE_EXISTING_CLUSTER", "false")).existing());
        assertFalse(ClusterChoice.resolve(null, Map.of("USE_EXISTING_CLUSTER", "yes")).existing(), "as envtest: only true");
    }

    @Test
    void theParameterWinsOverTheEnvironmentAndSaysSo() {
        ClusterChoice envtest = ClusterChoice.resolve("envtest", Map.of("USE_EXISTING_CLUSTER", "true"));
        assertFalse(envtest.existing());
        assertTrue(envtest.reason().contains("cluster=envtest") && envtest.reason().contains("overridden"), envtest.reason());
        ClusterChoice existing = ClusterChoice.resolve("Existing", Map.of("USE_EXISTING_CLUSTER", "false"));
        assertTrue(existing.existing());
        assertTrue(existing.reason().startsWith("cluster=existing"), existing.reason());
    }

    @Test
    void anUnknownValueNamesBoth() {
        ClusterException e = assertThrows(ClusterException.class, () -> ClusterChoice.resolve("kind", Map.of()));
        assertTrue(e.getMessage().contains("cluster=kind") && e.getMessage().contains("-Denvtest.cluster=existing"), e.getMessage());
    }

    @Test
    void kubeconfigParameterThenFirstFileOfKubeconfigThenHome() {
        Path home = Path.of("/home/someone");
        String list = "/etc/a.yaml" + File.pathSeparator + "/etc/b.yaml";
        KubeconfigLocation param = KubeconfigLocation.resolve(Optional.of("/x/config"), Map.of("KUBECONFIG", list), home);
        assertTrue(param.path().equals(Path.of("/x/config")) && param.source().equals("existingKubeconfig"), param.toString());
        KubeconfigLocation env = KubeconfigLocation.resolve(Optional.empty(), Map.of("KUBECONFIG", File.pathSeparator + list), home);
        assertTrue(env.path().equals(Path.of("/etc/a.yaml")) && env.source().contains("KUBECONFIG"), env.toString());
        KubeconfigLocation dflt = KubeconfigLocation.resolve(Optional.of(""), Map.of(), home);
        assertTrue(dflt.path().equals(Path.of("/home/someone/.kube/config")) && dflt.source().contains("~/.kube/config"), dflt.toString());
    }
}
