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
 *   <li>{@code sa.pub/.key} — the ServiceAccount token signing key pair (ECDSA P-256: tokens are ES256);</li>
 *   <li>{@code admin.crt/.key} — a client certificate for user {@code envtest-admin} in {@code system:masters}.</li>
 * </ul>
 * Private keys are written owner-readable only.
 *
 * <p>Every key is ECDSA P-256: the JDK makes one in 2-3 ms once its EC code is loaded (25-30 ms for the first in a fresh
 * JVM), where an RSA 2048 key took 0.4–1.3 s of CPU on this project's CI machine, with as much again for the JIT
 * compiling {@code BigInteger}'s prime search, while the API server boots beside it on two cores.
 */
public final class ControlPlanePki {

    public static final String ADMIN_USER = "envtest-admin";
    public static final String ADMIN_GROUP = "system:masters";

    /** The names every serving certificate carries, whatever is configured. */
    public static final List<String> DEFAULT_SANS = List.of(
            "localhost", "127.0.0.1", "::1", "host.containers.internal", "host.docker.internal",
            "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private final Path directory;
    private final CertificateAuthority authority;
    private final IssuedCertificate serving;
    private final IssuedCertificate admin;
    private final KeyPair serviceAccountSigningKey;
    private final List<SubjectAlternativeName> servingNames;

    private ControlPlanePki(Path directory, CertificateAuthority authority, IssuedCertificate serving,
            IssuedCertificate admin, KeyPair serviceAccountSigningKey, List<SubjectAlternativeName> servingNames) {
        this.directory = directory;
        this.authority = authority;
        this.serving = serving;
        this.admin = admin;
        this.serviceAccountSigningKey = serviceAccountSigningKey;
        this.servingNames = servingNames;
    }

    /** Makes the keys and certificates and writes them into {@code directory}: {@link #make} then {@link Unwritten#writeTo}. */
    public static ControlPlanePki generate(Path directory, List<String> extraNames, Duration validity) {
        return make(extraNames, validity).writeTo(directory);
    }

    /**
     * Makes the keys and certificates in memory, writing nothing: a start begins this before it has checked its inputs
     * or knows that its work directory is writable, so that the PKI is ready when the binaries are. An
     * {@link IllegalArgumentException} names a name that is neither an IP nor a DNS name.
     */
    public static Unwritten make(List<String> extraNames, Duration validity) {
        List<SubjectAlternativeName> sans = servingNames(extraNames);
        // Four key pairs and three signatures, on the API server's critical path in a JVM whose crypto code is not yet
        // loaded or compiled: the ServiceAccount, serving and admin keys are made on a second thread while this one
        // makes and signs the CA. The ServiceAccount key signs ES256 tokens (kube-apiserver signs and verifies them).
        CompletableFuture<KeyPair> saKey = new CompletableFuture<>();
        CompletableFuture<KeyPair> servingKey = new CompletableFuture<>();
        CompletableFuture<KeyPair> adminKey = new CompletableFuture<>();
        Thread keys = new Thread(() -> {
            for (CompletableFuture<KeyPair> key : List.of(saKey, servingKey, adminKey)) {
                try {
                    key.complete(KeyPairs.ecdsaP256());
                } catch (Throwable e) {
                    // an Error too: the start waits on these futures, so none may be left incomplete
                    key.completeExceptionally(e);
                }
            }
        }, "envtest-pki-keys");
        keys.setDaemon(true);
        keys.start();
        CertificateAuthority ca = CertificateAuthority.create("envtest-ca", validity);
        IssuedCertificate serving = ca.issueServing("kube-apiserver", sans, join(servingKey));
        IssuedCertificate admin = ca.issueClient(ADMIN_USER, List.of(ADMIN_GROUP), join(adminKey));
        return new Unwritten(ca, serving, admin, join(saKey), List.copyOf(sans));
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** The keys and certificates before they are written: {@link #writeTo} puts them where kube-apiserver reads them. */
    public static final class Unwritten {

        private final CertificateAuthority authority;
        private final IssuedCertificate serving;
        private final IssuedCertificate admin;
        private final KeyPair serviceAccountSigningKey;
        private final List<SubjectAlternativeName> servingNames;

        private Unwritten(CertificateAuthority authority, IssuedCertificate serving, IssuedCertificate admin,
                KeyPair serviceAccountSigningKey, List<SubjectAlternativeName> servingNames) {
            this.authority = authority;
            this.serving = serving;
            this.admin = admin;
            this.serviceAccountSigningKey = serviceAccountSigningKey;
            this.servingNames = servingNames;
        }

        /** Writes every file into {@code directory}. */
        public ControlPlanePki writeTo(Path directory) {
            ControlPlanePki pki = new ControlPlanePki(directory, authority, serving, admin, serviceAccountSigningKey, servingNames);
            pki.write();
            return pki;
        }
    }

    public Path directory() {
        return directory;
    }

    public CertificateAuthority authority() {
        return authority;
    }

    public IssuedCertificate serving() {
        return serving;
    }

    /** The admin client certificate. */
    public IssuedCertificate admin() {
        return admin;
    }

    public KeyPair serviceAccountSigningKey() {
        return serviceAccountSigningKey;
    }

    public List<SubjectAlternativeName> servingNames() {
        return servingNames;
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

    private static final String ADMIN_CERTIFICATE = "admin.crt";
    private static final String ADMIN_KEY = "admin.key";

    private void write() {
        Pem.writePublic(caCertificateFile(), authority.certificate().certificatePem());
        Pem.writePublic(servingCertificateFile(), serving.certificatePem());
        Pem.writeSecret(servingKeyFile(), serving.privateKeyPem());
        Pem.writePublic(serviceAccountPublicKeyFile(), Pem.encodePublicKey(serviceAccountSigningKey.getPublic()));
        Pem.writeSecret(serviceAccountPrivateKeyFile(), Pem.encodePrivateKey(serviceAccountSigningKey.getPrivate()));
        Pem.writePublic(directory.resolve(ADMIN_CERTIFICATE), admin.certificatePem());
        Pem.writeSecret(directory.resolve(ADMIN_KEY), admin.clientKeyPem());
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
        return directory.resolve(ADMIN_CERTIFICATE);
    }

    /** The admin key's file, as RFC 5915 "EC PRIVATE KEY" (see {@link IssuedCertificate#clientKeyPem()}). */
    public Path adminKeyFile() {
        return directory.resolve(ADMIN_KEY);
    }

    public Path serviceAccountPublicKeyFile() {
        return directory.resolve("sa.pub");
    }

    public Path serviceAccountPrivateKeyFile() {
        return directory.resolve("sa.key");
    }
}
