package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

    @TempDir
    Path dir;

    @Test
    void carriesTheCaAndNeverSkipsVerification() throws Exception {
        String ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        Path file = Kubeconfig.withToken("https://host.containers.internal:6443", ca, "sa", "tok\"en", "team-a")
                .writeTo(dir.resolve("kubeconfig"));
        String text = Files.readString(file);
        assertTrue(text.contains("server: \"https://host.containers.internal:6443\""), text);
        assertTrue(text.contains("certificate-authority-data: " + Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8))), text);
        assertTrue(text.contains("token: \"tok\\\"en\""), text);
        assertTrue(text.contains("namespace: \"team-a\""), text);
        assertFalse(text.contains("insecure-skip-tls-verify"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void fabric8ReadsTheAdminKeyFromTheKubeconfigWithoutBeingToldItsAlgorithm() throws Exception {
        dev.envtest.plugin.pki.CertificateAuthority ca = dev.envtest.plugin.pki.CertificateAuthority.create("ca", java.time.Duration.ofDays(1));
        dev.envtest.plugin.pki.IssuedCertificate admin = ca.issueClient("envtest-admin", java.util.List.of("system:masters"));
        Path file = Kubeconfig.withClientCertificate("https://127.0.0.1:6443", ca.certificate().certificatePem(), "envtest-admin",
                admin.certificatePem(), admin.clientKeyPem()).writeTo(dir.resolve("kubeconfig"));
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(file));
        javax.net.ssl.X509KeyManager keys = (javax.net.ssl.X509KeyManager)
                io.fabric8.kubernetes.client.internal.SSLUtils.keyManagers(config)[0];
        String alias = keys.chooseClientAlias(new String[] {"EC"}, null, null);
        assertEquals(admin.keyPair().getPrivate(), keys.getPrivateKey(alias));
        assertEquals(admin.certificate(), keys.getCertificateChain(alias)[0]);
    }
}
