package dev.envtest.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import dev.envtest.it.support.OneShotContainer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The point of the plugin: a container on the engine's default network (Podman's
 * {@code podman}, Docker's {@code bridge}) completes a TLS-verified request
 * to the envtest API server, at the URL the plugin exported for containers, trusting only envtest's CA.
 */
class ContainerReachesApiServerIT {

    private final Envtest envtest = Envtest.load();

    @Test
    void probeOnTheEnginesDefaultNetworkGetsVersionWithTlsVerifiedAgainstTheEnvtestCa() {
        OneShotContainer.Result result = OneShotContainer.fromContext(Path.of(System.getProperty("fixtures.dir"), "probe"))
                .addHost(envtest.containerAddHost().orElse(""))
                .labelWorkDirectory(envtest.workDirectory().toString())
                .file("/etc/envtest/ca.crt", envtest.ca())
                .file("/etc/envtest/admin.crt", Path.of(envtest.property("envtest.admin.certificate")))
                .file("/etc/envtest/admin.key", Path.of(envtest.property("envtest.admin.key")))
                .args("-url", envtest.containerUrl() + "/version",
                        "-ca", "/etc/envtest/ca.crt", "-cert", "/etc/envtest/admin.crt", "-key", "/etc/envtest/admin.key")
                .run(Duration.ofMinutes(1));

        // one line per lane in the build log: which engine mode, where the API server listened, what the container dialled
        System.out.println("engine lane: envtest.engine=" + envtest.property("envtest.engine") + " at " + result.engine()
                + ", envtest.bindAddress=" + envtest.property("envtest.bindAddress") + ", envtest.container.host="
                + envtest.property("envtest.container.host") + ", probe on network '" + result.networks() + "' -> exit " + result.exitCode());
        assertEquals(0, result.exitCode(), "probe output:\n" + result.output());
        assertFalse(result.networks().isBlank(), "the probe ran on the engine's default network");
        assertTrue(result.output().contains("status=200"), result.output());
        assertTrue(result.output().contains("\"gitVersion\": \"v" + envtest.kubernetesVersion() + "\""), result.output());
    }

    @Test
    void probeWithoutTheEnvtestCaIsRefusedByTlsVerification() {
        // The same request trusting a different CA (the serving certificate's own issuer is not in it) must fail:
        // this proves the probe really verifies, so the success above is TLS-verified, not merely connected.
        OneShotContainer.Result result = OneShotContainer.fromContext(Path.of(System.getProperty("fixtures.dir"), "probe"))
                .addHost(envtest.containerAddHost().orElse(""))
                .labelWorkDirectory(envtest.workDirectory().toString())
                .file("/etc/envtest/ca.crt", Path.of(envtest.property("envtest.admin.certificate")))
                .args("-url", envtest.containerUrl() + "/version", "-ca", "/etc/envtest/ca.crt")
                .run(Duration.ofMinutes(1));

        assertEquals(2, result.exitCode(), "probe output:\n" + result.output());
        assertTrue(result.output().contains("tls"), result.output());
    }
}
