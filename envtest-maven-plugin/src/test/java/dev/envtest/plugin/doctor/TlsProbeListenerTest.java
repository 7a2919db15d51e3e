package dev.envtest.plugin.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.pki.IssuedCertificate;
import dev.envtest.plugin.pki.TlsContexts;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The listener tells a verified request from a refused certificate, with real TLS clients. */
class TlsProbeListenerTest {

    private final CertificateAuthority ca = CertificateAuthority.create("test-ca", Duration.ofHours(1));
    private final IssuedCertificate serving = ca.issueServing("test", ControlPlanePki.servingNames(List.of()));

    private static HttpClient trusting(CertificateAuthority authority) {
        IssuedCertificate anyClient = authority.issueClient("client", List.of());
        SSLContext context = TlsContexts.clientContext(authority.certificate(), anyClient);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void aVerifiedRequestWithTheTokenIsRecorded() throws Exception {
        try (TlsProbeListener listener = TlsProbeListener.open(InetAddress.getLoopbackAddress(), 0,
                TlsContexts.serverContext(ca.certificate(), serving), "secret-token")) {
            HttpResponse<String> response = trusting(ca).send(HttpRequest.newBuilder(URI.create("https://localhost:" + listener.port()
                    + "/version")).header("Authorization", "Bearer secret-token").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            waitForConnections(listener, 1);
            assertTrue(listener.verifiedRequest());
            assertEquals("a connection from 127.0.0.1, TLS handshake completed, GET /version with the probe's token",
                    listener.connections().get(0).describe());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRecordedAsARefusedHandshake() throws Exception {
        CertificateAuthority other = CertificateAuthority.create("other-ca", Duration.ofHours(1));
        try (TlsProbeListener listener = TlsProbeListener.open(InetAddress.getLoopbackAddress(), 0,
                TlsContexts.serverContext(ca.certificate(), serving), "secret-token")) {
            assertThrows(java.io.IOException.class, () -> trusting(other).send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + listener.port() + "/version")).build(), HttpResponse.BodyHandlers.ofString()));
            waitForConnections(listener, 1);
            assertFalse(listener.verifiedRequest());
            TlsProbeListener.Connection c = listener.connections().get(0);
            assertFalse(c.handshake());
            assertTrue(c.describe().startsWith("a connection from 127.0.0.1 whose TLS handshake failed: "), c.describe());
            assertTrue(c.describe().contains("refused the certificate"), c.describe());
        }
    }

    private static void waitForConnections(TlsProbeListener listener, int count) throws InterruptedException {
        // the listener records a connection after it answered; the client may see the answer first
        for (int i = 0; i < 100 && listener.connections().size() < count; i++) {
            Thread.sleep(50);
        }
    }
}
