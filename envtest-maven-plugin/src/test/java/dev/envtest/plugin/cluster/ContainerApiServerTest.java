package dev.envtest.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.pki.IssuedCertificate;
import dev.envtest.plugin.pki.ServingCertificates;
import dev.envtest.plugin.pki.SubjectAlternativeName;
import dev.envtest.plugin.pki.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The URL containers dial for an existing cluster, against throw-away TLS listeners on loopback whose certificates do or
 * do not name the engine's host: the SAN check is the one a verifying client makes.
 */
class ContainerApiServerTest {

    private final CertificateAuthority ca = CertificateAuthority.create("existing-ca", Duration.ofHours(1));
    private final HostAccess podman = HostAccessPolicy.choose(EngineMode.PODMAN_MACHINE);
    private final HostAccess docker = HostAccessPolicy.choose(EngineMode.DOCKER_ENGINE);

    /** A TLS server on 127.0.0.1 presenting a certificate with {@code sans}; it handshakes with every client. */
    private static final class Listener implements AutoCloseable {
        final SSLServerSocket socket;
        final Thread thread;

        Listener(CertificateAuthority ca, List<String> sans) throws IOException {
            IssuedCertificate serving = ca.issueServing("test", sans.stream().map(SubjectAlternativeName::parse).toList());
            socket = (SSLServerSocket) TlsContexts.serverContext(ca.certificate(), serving).getServerSocketFactory()
                    .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (SSLSocket client = (SSLSocket) socket.accept()) {
                        client.startHandshake();
                    } catch (IOException e) {
                        // a refused handshake or the socket closed
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "https://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aLoopbackServerIsRewrittenWhenItsCertificateNamesTheEnginesHost() throws IOException {
        try (Listener server = new Listener(ca, List.of("localhost", "127.0.0.1", HostAccessPolicy.PODMAN_HOST, HostAccessPolicy.DOCKER_HOST))) {
            ContainerApiServer.Resolved resolved = ContainerApiServer.resolve(server.url(), Optional.empty(), podman,
                    EngineMode.PODMAN_MACHINE, Optional.of(ca.certificate().certificatePem()));
            assertEquals("https://host.containers.internal:" + server.socket.getLocalPort(), resolved.url());
            assertEquals(Optional.empty(), resolved.addHost());
            assertTrue(resolved.reason().contains("rewritten"), resolved.reason());
            ContainerApiServer.Resolved forDocker = ContainerApiServer.resolve(server.url().replace("127.0.0.1", "localhost"),
                    Optional.empty(), HostAccessPolicy.choose(EngineMode.DOCKER_DESKTOP), EngineMode.DOCKER_DESKTOP,
                    Optional.of(ca.certificate().certificatePem()));
            assertEquals("https://host.docker.internal:" + server.socket.getLocalPort(), forDocker.url());
        }
    }

    @Test
    void aCertificateWithoutTheNameIsAnErrorNamingItsSansAndContainerApiServerUrl() throws IOException {
        try (Listener server = new Listener(ca, List.of("localhost", "127.0.0.1"))) {
            ClusterException e = assertThrows(ClusterException.class, () -> ContainerApiServer.resolve(server.url(), Optional.empty(),
                    podman, EngineMode.PODMAN_MACHINE, Optional.of(ca.certificate().certificatePem())));
            assertTrue(e.getMessage().contains("does not name host.containers.internal"), e.getMessage());
            assertTrue(e.getMessage().contains("DNS:localhost") && e.getMessage().contains("IP:127.0.0.1"), e.getMessage());
            assertTrue(e.getMessage().contains("-Denvtest.containerApiServerUrl"), e.getMessage());
        }
    }

    @Test
    void aServerThatAnswersOnlyOnLoopbackIsRefusedForEnginesThatCannotReachIt() throws IOException {
        try (Listener server = new Listener(ca, List.of("localhost", HostAccessPolicy.DOCKER_HOST))) {
            // the listener binds 127.0.0.1 only; Docker Engine's containers reach the host through docker0, not loopback
            ClusterException e = assertThrows(ClusterException.class, () -> ContainerApiServer.resolve(server.url(), Optional.empty(),
                    docker, EngineMode.DOCKER_ENGINE, Optional.of(ca.certificate().certificatePem())));
            assertTrue(e.getMessage().contains("answers only on this machine's loopback") && e.getMessage().contains("0.0.0.0"),
                    e.getMessage());
        }
    }

    @Test
    void aCertificateOfAnotherCaFailsTheFetchWithTheFix() throws IOException {
        CertificateAuthority other = CertificateAuthority.create("other-ca", Duration.ofHours(1));
        try (Listener server = new Listener(other, List.of("localhost", HostAccessPolicy.PODMAN_HOST))) {
            ClusterException e = assertThrows(ClusterException.class, () -> ContainerApiServer.resolve(server.url(), Optional.empty(),
                    podman, EngineMode.PODMAN_MACHINE, Optional.of(ca.certificate().certificatePem())));
            assertTrue(e.getMessage().contains("could not fetch the serving certificate") && e.getMessage().contains("containerApiServerUrl"),
                    e.getMessage());
        }
    }

    @Test
    void anExplicitUrlAlwaysWinsAndANonLoopbackServerIsKept() {
        ContainerApiServer.Resolved explicit = ContainerApiServer.resolve("https://127.0.0.1:1", Optional.of("https://10.0.0.5:6443/"),
                podman, EngineMode.PODMAN_ROOTFUL, Optional.empty());
        assertEquals("https://10.0.0.5:6443", explicit.url());
        assertEquals("10.0.0.5", explicit.containerHost());
        ContainerApiServer.Resolved kept = ContainerApiServer.resolve("https://api.cluster.example:6443", Optional.empty(), podman,
                EngineMode.PODMAN_ROOTFUL, Optional.empty());
        assertEquals("https://api.cluster.example:6443", kept.url());
        ClusterException http = assertThrows(ClusterException.class, () -> ContainerApiServer.resolve("https://127.0.0.1:1",
                Optional.of("http://10.0.0.5:6443"), podman, EngineMode.PODMAN_ROOTFUL, Optional.empty()));
        assertTrue(http.getMessage().contains("not an https URL"), http.getMessage());
    }

    @Test
    void loopbackNamesAndTheSanMatchRules() throws IOException {
        assertTrue(ContainerApiServer.isLoopback("127.0.0.1"));
        assertTrue(ContainerApiServer.isLoopback("::1"));
        assertTrue(ContainerApiServer.isLoopback("LOCALHOST"));
        assertFalse(ContainerApiServer.isLoopback("10.0.0.1"));
        assertFalse(ContainerApiServer.isLoopback("api.example"));
        try (Listener server = new Listener(ca, List.of("*.example.test", "10.1.2.3"))) {
            var cert = ServingCertificates.fetch("127.0.0.1", server.socket.getLocalPort(), Optional.of(ca.certificate().certificatePem()),
                    Duration.ofSeconds(5));
            assertTrue(ServingCertificates.covers(cert, "api.example.test"));
            assertFalse(ServingCertificates.covers(cert, "a.b.example.test"), "a wildcard covers one label");
            assertFalse(ServingCertificates.covers(cert, "example.test"));
            assertTrue(ServingCertificates.covers(cert, "10.1.2.3"));
            assertFalse(ServingCertificates.covers(cert, "10.1.2.4"));
        }
    }
}
