package dev.envtest.plugin.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlanePkiTest {

    @TempDir
    Path dir;

    private static Set<String> sans(X509Certificate cert) throws Exception {
        Set<String> names = new HashSet<>();
        Collection<List<?>> entries = cert.getSubjectAlternativeNames();
        for (List<?> e : entries) {
            names.add(((Integer) e.get(0) == 7 ? "IP:" : "DNS:") + e.get(1));
        }
        return names;
    }

    @Test
    void servingCertificateCarriesEveryNameAContainerOrHostMayDial() throws Exception {
        ControlPlanePki pki = ControlPlanePki.generate(dir, List.of("api.example.test", "10.89.0.1", "[fd00::5]"), Duration.ofDays(1));
        Set<String> names = sans(pki.serving().certificate());
        for (String expected : List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1", "DNS:host.containers.internal",
                "DNS:host.docker.internal", "DNS:kubernetes.default.svc", "DNS:api.example.test", "IP:10.89.0.1", "IP:fd00:0:0:0:0:0:0:5")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
    }

    @Test
    void certificatesChainToTheCaAndCarryTheirPurpose() throws Exception {
        ControlPlanePki pki = ControlPlanePki.generate(dir, List.of(), Duration.ofDays(1));
        X509Certificate ca = pki.authority().certificate().certificate();
        pki.serving().certificate().verify(ca.getPublicKey());
        pki.admin().certificate().verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0, "the CA is a CA");
        assertEquals(-1, pki.serving().certificate().getBasicConstraints(), "the serving certificate is not a CA");
        assertTrue(pki.serving().certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertTrue(pki.admin().certificate().getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
        String subject = pki.admin().certificate().getSubjectX500Principal().getName();
        assertTrue(subject.contains("CN=envtest-admin") && subject.contains("O=system:masters"), subject);
    }

    @Test
    void privateKeysAreOwnerOnlyAndCertificatesReadable() throws Exception {
        ControlPlanePki pki = ControlPlanePki.generate(dir, List.of(), Duration.ofDays(1));
        for (Path key : List.of(pki.servingKeyFile(), pki.adminKeyFile(), pki.serviceAccountPrivateKeyFile())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), key.toString());
        }
        for (Path key : List.of(pki.servingKeyFile(), pki.serviceAccountPrivateKeyFile())) {
            assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), key.toString());
        }
        assertTrue(Files.readString(pki.adminKeyFile()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.caCertificateFile())));
        assertTrue(Files.readString(pki.serviceAccountPublicKeyFile()).startsWith("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void everyKeyIsEcdsaP256() throws Exception {
        ControlPlanePki pki = ControlPlanePki.generate(dir, List.of(), Duration.ofDays(1));
        for (java.security.PublicKey key : List.of(pki.serviceAccountSigningKey().getPublic(), pki.admin().keyPair().getPublic(),
                pki.serving().keyPair().getPublic(), pki.authority().certificate().keyPair().getPublic())) {
            assertEquals(256, ((java.security.interfaces.ECPublicKey) key).getParams().getOrder().bitLength());
        }
        assertTrue(Files.readString(pki.serviceAccountPrivateKeyFile()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.exists(pki.adminCertificateFile()) && Files.exists(pki.adminKeyFile()));
    }

    @Test
    void refusesANameThatIsNeitherDnsNorIp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ControlPlanePki.generate(dir, List.of("not a name!"), Duration.ofDays(1)));
        assertTrue(e.getMessage().contains("'not a name!'"), e.getMessage());
    }
}
