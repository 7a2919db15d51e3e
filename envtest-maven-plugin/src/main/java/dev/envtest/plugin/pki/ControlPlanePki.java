package dev.envtest.plugin.pki;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Every certificate and key one control plane needs, written as PEM files into one directory:
 * <ul>
 *   <li>{@code ca.crt} — the CA that signed the serving certificate and the client certificates;</li>
 *   <li>{@code apiserver.crt/.key} — the serving certificate, with every name a client may dial;</li>
 *   <li>{@code sa.pub/.key} — the ServiceAccount token signing key pair;</li>
 *   <li>{@code admin.crt/.key} — a client certificate for user {@code envtest-admin} in {@code system:masters}.</li>
 * </ul>
 * Private keys are written owner-readable only.
 */
public record ControlPlanePki(
        Path directory,
        CertificateAuthority authority,
        IssuedCertificate serving,
        IssuedCertificate admin,
        KeyPair serviceAccountSigningKey,
        List<SubjectAlternativeName> servingNames) {

    public static final String ADMIN_USER = "envtest-admin";
    public static final String ADMIN_GROUP = "system:masters";

    /** The names every serving certificate carries, whatever is configured. */
    public static final List<String> DEFAULT_SANS = List.of(
            "localhost", "127.0.0.1", "::1", "host.containers.internal", "host.docker.internal",
            "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    public static ControlPlanePki generate(Path directory, List<String> extraNames, Duration validity) {
        List<SubjectAlternativeName> sans = servingNames(extraNames);
        // the two RSA keys (ServiceAccount signing, admin client) are the slow part: make them on two cores at once
        CompletableFuture<KeyPair> saKeyFuture = CompletableFuture.supplyAsync(KeyPairs::rsa2048);
        CertificateAuthority ca = CertificateAuthority.create("envtest-ca", validity);
        IssuedCertificate serving = ca.issueServing("kube-apiserver", sans);
        IssuedCertificate admin = ca.issueClient(ADMIN_USER, List.of(ADMIN_GROUP));
        KeyPair saKey = saKeyFuture.join();
        ControlPlanePki pki = new ControlPlanePki(directory, ca, serving, admin, saKey, List.copyOf(sans));
        pki.write();
        return pki;
    }

    /**
     * The serving certificate's names: {@link #DEFAULT_SANS} and {@code extraNames}, without duplicates. An
     * {@link IllegalArgumentException} names one that is neither an IP nor a DNS name.
     */
    public static List<SubjectAlternativeName> servingNames(List<String> extraNames) {
        Set<String> raw = new LinkedHashSet<>(DEFAULT_SANS);
        raw.addAll(extraNames);
        List<SubjectAlternativeName> sans = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String name : raw) {
            SubjectAlternativeName san = SubjectAlternativeName.parse(name);
            if (seen.add(san.toString())) {
                sans.add(san);
            }
        }
        return sans;
    }

    private void write() {
        Pem.writePublic(caCertificateFile(), authority.certificate().certificatePem());
        Pem.writePublic(servingCertificateFile(), serving.certificatePem());
        Pem.writeSecret(servingKeyFile(), serving.privateKeyPem());
        Pem.writePublic(adminCertificateFile(), admin.certificatePem());
        Pem.writeSecret(adminKeyFile(), admin.privateKeyPem());
        Pem.writePublic(serviceAccountPublicKeyFile(), Pem.encodePublicKey(serviceAccountSigningKey.getPublic()));
        Pem.writeSecret(serviceAccountPrivateKeyFile(), Pem.encodePrivateKey(serviceAccountSigningKey.getPrivate()));
    }

    public String caPem() {
        return authority.certificate().certificatePem();
    }

    public Path caCertificateFile() {
        return directory.resolve("ca.crt");
    }

    public Path servingCertificateFile() {
        return directory.resolve("apiserver.crt");
    }

    public Path servingKeyFile() {
        return directory.resolve("apiserver.key");
    }

    public Path adminCertificateFile() {
        return directory.resolve("admin.crt");
    }

    public Path adminKeyFile() {
        return directory.resolve("admin.key");
    }

    public Path serviceAccountPublicKeyFile() {
        return directory.resolve("sa.pub");
    }

    public Path serviceAccountPrivateKeyFile() {
        return directory.resolve("sa.key");
    }
}
