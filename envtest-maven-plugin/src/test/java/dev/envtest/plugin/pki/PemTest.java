package dev.envtest.plugin.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path dir;

    @Test
    void anEcKeyIsWrittenAsRfc5915WithItsCurveAndPublicKey() {
        KeyPair keys = KeyPairs.ecdsaP256();
        String pem = Pem.encodeEcPrivateKey((ECPrivateKey) keys.getPrivate(), (ECPublicKey) keys.getPublic());
        assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----\n") && pem.endsWith("-----END EC PRIVATE KEY-----\n"), pem);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        // SEQUENCE { INTEGER 1, OCTET STRING (32), [0] { OID prime256v1 }, [1] { BIT STRING (0, 04 || X || Y) } }
        assertEquals(0x30, der[0] & 0xff);
        assertArrayEquals(new byte[] {0x02, 0x01, 0x01, 0x04, 0x20}, java.util.Arrays.copyOfRange(der, 2, 7));
        byte[] d = java.util.Arrays.copyOfRange(der, 7, 39);
        assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), new BigInteger(1, d));
        assertArrayEquals(Der.explicit(0, Der.objectIdentifier("1.2.840.10045.3.1.7")), java.util.Arrays.copyOfRange(der, 39, 51));
        byte[] point = java.util.Arrays.copyOfRange(der, der.length - 65, der.length);
        assertEquals(0x04, point[0]);
        assertEquals(((ECPublicKey) keys.getPublic()).getW().getAffineX(), new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33)));
        assertEquals(((ECPublicKey) keys.getPublic()).getW().getAffineY(), new BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65)));
    }

    @Test
    void openSslReadsTheEcKeyAndFindsItMatchesTheCertificate() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("ca", java.time.Duration.ofDays(1));
        IssuedCertificate client = ca.issueClient("alice", java.util.List.of("team-a"));
        Path key = Pem.writeSecret(dir.resolve("client.key"), client.clientKeyPem());
        Path cert = Pem.writePublic(dir.resolve("client.crt"), client.certificatePem());
        // the public key OpenSSL derives from the private key file is the certificate's
        assertEquals(run("openssl", "pkey", "-in", cert.toString().replace(".crt", ".key"), "-pubout"),
                run("openssl", "x509", "-in", cert.toString(), "-noout", "-pubkey"));
        assertTrue(run("openssl", "ec", "-in", key.toString(), "-check", "-noout").contains("valid"));
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }
}
