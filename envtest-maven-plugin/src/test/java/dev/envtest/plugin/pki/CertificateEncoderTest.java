package dev.envtest.plugin.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The certificates as the JDK's own parser and PKIX validator read them (Go's and OpenSSL's are exercised by the ITs). */
class CertificateEncoderTest {

    private static byte[] extensionValue(X509Certificate cert, String oid) {
        byte[] wrapped = cert.getExtensionValue(oid); // an OCTET STRING around the extension's own DER
        return Arrays.copyOfRange(wrapped, 2, wrapped.length);
    }

    @Test
    void theChainValidatesWithPkixAndTheKeyIdentifiersMatch() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("envtest-ca", Duration.ofDays(7));
        IssuedCertificate serving = ca.issueServing("kube-apiserver", ControlPlanePki.servingNames(List.of("10.89.0.1")));
        IssuedCertificate client = ca.issueClient("alice", List.of("team-a", "team-b"));
        X509Certificate root = ca.certificate().certificate();
        for (IssuedCertificate issued : List.of(serving, client)) {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(issued.certificate())), parameters);
            assertEquals(root.getSubjectX500Principal(), issued.certificate().getIssuerX500Principal());
            // AuthorityKeyIdentifier { [0] keyIdentifier } of the leaf = SubjectKeyIdentifier of the CA
            byte[] authority = extensionValue(issued.certificate(), "2.5.29.35");
            byte[] subjectOfCa = extensionValue(root, "2.5.29.14");
            assertArrayEquals(Arrays.copyOfRange(subjectOfCa, 2, subjectOfCa.length), Arrays.copyOfRange(authority, 4, authority.length));
        }
        assertEquals("CN=alice,O=team-b,O=team-a", client.certificate().getSubjectX500Principal().getName());
        boolean[] usage = root.getKeyUsage();
        assertTrue(usage[0] && usage[5] && usage[6] && !usage[2], "digitalSignature, keyCertSign, cRLSign");
        boolean[] leafUsage = serving.certificate().getKeyUsage();
        assertTrue(leafUsage[0] && leafUsage[2] && !leafUsage[5], "digitalSignature, keyEncipherment");
        assertEquals(3, serving.certificate().getVersion());
        assertTrue(serving.certificate().getSerialNumber().signum() > 0);
    }

    @Test
    void timesFrom2050AreGeneralizedTime() throws Exception {
        Duration untilPast2050 = Duration.between(Instant.now(), Instant.parse("2051-06-01T12:00:00Z"));
        X509Certificate cert = CertificateAuthority.create("long-lived", untilPast2050).certificate().certificate();
        assertEquals(Instant.parse("2051-06-01T12:00:00Z").getEpochSecond(), cert.getNotAfter().toInstant().getEpochSecond(), 2);
        assertTrue(cert.getNotBefore().toInstant().isBefore(Instant.now()));
    }

    @Test
    void lengthsOfEveryWidthEncode() {
        for (int size : new int[] {0, 1, 127, 128, 255, 256, 65535, 65536}) {
            byte[] der = Der.octetString(new byte[size]);
            int header = der.length - size;
            assertEquals(size < 128 ? 2 : size < 256 ? 3 : size < 65536 ? 4 : 5, header, "header of " + size);
        }
        assertArrayEquals(new byte[] {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02},
                Der.objectIdentifier("1.2.840.10045.4.3.2"));
    }
}
