package dev.envtest.plugin.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The certificate kept as its encoding: the PEM, the parsed certificate and the issuer's name all agree. */
class IssuedCertificateTest {

    @Test
    void thePemCarriesTheEncodingTheJdkParses() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("envtest-ca", Duration.ofDays(1));
        IssuedCertificate client = ca.issueClient("alice", List.of("team-a"));

        X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(client.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(client.encoded(), fromPem.getEncoded());
        assertEquals(fromPem, client.certificate());
        assertSame(client.certificate(), client.certificate(), "parsed once");
        // the issuer written without parsing the CA is the CA's subject byte for byte, as Go matches a chain
        assertArrayEquals(ca.certificate().certificate().getSubjectX500Principal().getEncoded(),
                client.certificate().getIssuerX500Principal().getEncoded());
    }

    @Test
    void theEncodingCannotBeChangedFromOutside() throws Exception {
        IssuedCertificate ca = CertificateAuthority.create("envtest-ca", Duration.ofDays(1)).certificate();
        byte[] before = ca.encoded();
        byte[] copy = ca.encoded();
        copy[copy.length / 2] ^= 1;
        assertArrayEquals(before, ca.encoded());
        assertArrayEquals(before, ca.certificate().getEncoded());
    }
}
