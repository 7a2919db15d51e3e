package dev.envtest.plugin.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.pki.WebhookServingCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookServersTest {

    @TempDir
    Path work;

    private static ContainerWebhook container(String name, List<String> aliases) {
        return new ContainerWebhook(name, aliases, 9443, ContainerWebhook.DEFAULT_CERT_DIRECTORY, Duration.ofSeconds(5));
    }

    @Test
    void containersAnswerToTheirNameAndAliasesAndHostWebhooksGetAPort() {
        WebhookServers servers = WebhookServers.check(new WebhooksRequest(List.of(container("webhook", List.of("webhook-service"))),
                List.of(new HostWebhook("jvm-webhook", 0))));
        assertEquals("webhook", servers.serving("webhook-service").orElseThrow().name());
        assertEquals("webhook", servers.serving("webhook").orElseThrow().name());
        WebhookServers.Server jvm = servers.serving("jvm-webhook").orElseThrow();
        assertTrue(jvm.hostPort() > 0, "0 picked a free port");
        assertEquals("https://127.0.0.1:" + jvm.hostPort(), servers.baseUrl(jvm).orElseThrow());
        assertTrue(servers.baseUrl(servers.serving("webhook").orElseThrow()).isEmpty(), "a container's port is known once published");
        assertEquals("the webhook servers are container 'webhook' (names webhook, webhook-service); hostWebhook 'jvm-webhook'",
                servers.describeKnown());
    }

    @Test
    void everyProblemIsListedWithItsFix() {
        WebhookException e = assertThrows(WebhookException.class, () -> WebhookServers.check(new WebhooksRequest(
                List.of(new ContainerWebhook("a", List.of("shared"), 70000, "relative/dir", Duration.ofSeconds(5)), container("b", List.of("shared"))),
                List.of(new HostWebhook("Not_A_Name", 0)))));
        String m = e.getMessage();
        assertTrue(m.startsWith("the webhook servers have 4 problems:"), m);
        assertTrue(m.contains("container 'a' webhook: port 70000 is not a TCP port. Fix:"), m);
        assertTrue(m.contains("certDirectory 'relative/dir' is not an absolute path. Fix:"), m);
        assertTrue(m.contains("container 'b': the name 'shared' also names container 'a'. Fix:"), m);
        assertTrue(m.contains("hostWebhook 'Not_A_Name': the name is not a DNS name. Fix:"), m);
    }

    @Test
    void aTakenPortIsAnErrorWithTheFix() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            WebhookException e = assertThrows(WebhookException.class, () -> WebhookServers.check(
                    new WebhooksRequest(List.of(), List.of(new HostWebhook("jvm", taken.getLocalPort())))));
            assertTrue(e.getMessage().startsWith("hostWebhook 'jvm': port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"),
                    e.getMessage());
        }
    }

    @Test
    void certificatesCarryTheNamesAndTheKeystoreServesAHandshakeTheProbeVerifies() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", Duration.ofHours(1));
        WebhookServers servers = WebhookServers.check(new WebhooksRequest(List.of(container("webhook", List.of("webhook-service"))),
                List.of(new HostWebhook("jvm-webhook", 0))));
        servers.issueCertificates(ca, work.resolve("webhooks"), Map.of("webhook", List.of("webhook-service.system.svc")));
        WebhookServingCertificate cert = servers.certificate("webhook");
        assertEquals(List.of("localhost", "127.0.0.1", "webhook", "webhook-service", "webhook-service.system.svc"), cert.names());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.keyFile())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.keystoreFile())));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert.certificateFile())));
        assertEquals(Map.of("/tmp/k8s-webhook-server/serving-certs/tls.crt", cert.certificateFile(),
                "/tmp/k8s-webhook-server/serving-certs/tls.key", cert.keyFile()), servers.containerFiles().get("webhook"));
        Map<String, String> props = servers.properties();
        assertEquals(cert.keystorePassword(), props.get("envtest.webhooks.webhook.keystorePassword"));
        assertTrue(WebhookServers.secret("envtest.webhooks.webhook.keystorePassword"));
        assertTrue(props.containsKey("envtest.webhooks.jvm-webhook.url") && props.containsKey("envtest.webhooks.jvm-webhook.keystore"));

        // a TLS server from the hostWebhook's keystore, as a test would run it, passes the readiness probe
        WebhookServingCertificate jvm = servers.certificate("jvm-webhook");
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(jvm.keystoreFile())) {
            keystore.load(in, jvm.keystorePassword().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keystore, jvm.keystorePassword().toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread accept = new Thread(() -> {
                try (var s = (javax.net.ssl.SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (IOException ignored) {
                    // the probe closes after the handshake
                }
            });
            accept.start();
            TlsHandshakeProbe.Result ok = new TlsHandshakeProbe((X509Certificate) ca.certificate().certificate()).attempt("127.0.0.1",
                    server.getLocalPort());
            assertTrue(ok.ok(), ok.detail());
            accept.join(5000);
        }
        TlsHandshakeProbe.Result nothing = new TlsHandshakeProbe(CertificateAuthority.create("other", Duration.ofHours(1))
                .certificate().certificate()).attempt("127.0.0.1", 1);
        assertTrue(!nothing.ok() && nothing.detail().contains("refused: nothing listens there"), nothing.detail());
    }

    @Test
    void aPlainServerIsNotTls() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", Duration.ofHours(1));
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread answer = new Thread(() -> {
                try (var s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
                } catch (IOException ignored) {
                    // closed by the probe
                }
            });
            answer.start();
            TlsHandshakeProbe.Result r = new TlsHandshakeProbe(ca.certificate().certificate()).attempt("127.0.0.1", plain.getLocalPort());
            assertTrue(!r.ok() && r.detail().contains("answered, but not with TLS (plain HTTP?)"), r.detail());
            answer.join(5000);
        }
    }
}
