package dev.envtest.plugin.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TlsContextsTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("envtest-ca", Duration.ofDays(1));
    private static final IssuedCertificate SERVING = CA.issueServing("server",
            List.of(SubjectAlternativeName.parse("127.0.0.1")));

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theClientPresentsItsCertificateAndTrustsOnlyTheCa(String protocol) throws Exception {
        IssuedCertificate alice = CA.issueClient("alice", List.of("team-a"));
        assertEquals("CN=alice,O=team-a", handshake(protocol, TlsContexts.clientContext(CA.certificate(), alice)));
    }

    @Test
    void aServerOfAnotherCaIsRefused() {
        CertificateAuthority other = CertificateAuthority.create("other-ca", Duration.ofDays(1));
        SSLContext client = TlsContexts.clientContext(other.certificate(), other.issueClient("mallory", List.of()));
        assertThrows(IOException.class, () -> handshake("TLSv1.3", client));
    }

    @Test
    void theKeyManagerOffersItsKeyOnlyForItsAlgorithm() {
        X509KeyManager keys = (X509KeyManager) TlsContexts.keyManagers(CA.certificate(), SERVING)[0];
        String alias = keys.chooseServerAlias("EC", null, null);
        assertEquals(2, keys.getCertificateChain(alias).length, "the certificate, then the CA");
        assertEquals(SERVING.keyPair().getPrivate(), keys.getPrivateKey(alias));
        assertNull(keys.chooseServerAlias("RSA", null, null));
        assertNull(keys.chooseClientAlias(new String[] {"RSA", "RSASSA-PSS"}, null, null));
        assertNull(keys.getPrivateKey("another"));
    }

    /** A server that needs a client certificate from the CA; returns the subject it saw. */
    private static String handshake(String protocol, SSLContext clientContext) throws Exception {
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(TlsContexts.keyManagers(CA.certificate(), SERVING), TlsContexts.trustManagers(CA.certificate()), null);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                    String subject = socket.getSession().getPeerPrincipal().getName();
                    socket.getOutputStream().write(1);
                    return subject;
                } catch (IOException e) {
                    return "refused: " + e;
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                // TLS 1.3 checks the client's certificate after the client's handshake ends: read the server's byte
                if (socket.getInputStream().read() != 1) {
                    throw new IOException("the server closed the connection");
                }
            }
            return seen.get(10, TimeUnit.SECONDS);
        }
    }
}
