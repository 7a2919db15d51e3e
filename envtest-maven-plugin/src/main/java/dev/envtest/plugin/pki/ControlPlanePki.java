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
 * <p>What kube-apiserver's command line names (CA, serving certificate, ServiceAccount key) is ready when
 * {@link #generate} returns; the admin client certificate, which only clients need once the API server runs, is
 * made on a thread of its own meanwhile (its RSA key takes 0.1–0.5 s): {@link #admin()} and the admin file accessors
 * wait for it.
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
    private final CompletableFuture<IssuedCertificate> admin;
    private final KeyPair serviceAccountSigningKey;
    private final List<SubjectAlternativeName> servingNames;

    private ControlPlanePki(Path directory, CertificateAuthority authority, IssuedCertificate serving,
            CompletableFuture<IssuedCertificate> admin, KeyPair serviceAccountSigningKey, List<SubjectAlternativeName> servingNames) {
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
        // the ServiceAccount key is ECDSA P-256 (ES256 tokens: kube-apiserver signs and verifies them, clients only
        // carry them), made in 40-60 ms where RSA 2048 took 0.4-1.3 s on this project's CI machine, on the API server's
        // critical path; the admin client certificate stays RSA and is made off that path
        KeyPair saKey = KeyPairs.ecdsaP256();
        CertificateAuthority ca = CertificateAuthority.create("envtest-ca", validity);
        CompletableFuture<IssuedCertificate> admin = onThread("envtest-pki-admin", () -> ca.issueClient(ADMIN_USER, List.of(ADMIN_GROUP)));
        IssuedCertificate serving = ca.issueServing("kube-apiserver", sans);
        return new Unwritten(ca, serving, admin, saKey, List.copyOf(sans));
    }

    /** The keys and certificates before they are written: {@link #writeTo} puts them where kube-apiserver reads them. */
    public static final class Unwritten {

        private final CertificateAuthority authority;
        private final IssuedCertificate serving;
        private final CompletableFuture<IssuedCertificate> admin;
        private final KeyPair serviceAccountSigningKey;
        private final List<SubjectAlternativeName> servingNames;

        private Unwritten(CertificateAuthority authority, IssuedCertificate serving, CompletableFuture<IssuedCertificate> admin,
                KeyPair serviceAccountSigningKey, List<SubjectAlternativeName> servingNames) {
            this.authority = authority;
            this.serving = serving;
            this.admin = admin;
            this.serviceAccountSigningKey = serviceAccountSigningKey;
            this.servingNames = servingNames;
        }

        /** Writes what kube-apiserver's flags name now, and the admin's files once its key is made (on its own thread). */
        public ControlPlanePki writeTo(Path directory) {
            CompletableFuture<IssuedCertificate> written = admin.thenApply(issued -> {
                Pem.writePublic(directory.resolve(ADMIN_CERTIFICATE), issued.certificatePem());
                Pem.writeSecret(directory.resolve(ADMIN_KEY), issued.privateKeyPem());
                return issued;
            });
            ControlPlanePki pki = new ControlPlanePki(directory, authority, serving, written, serviceAccountSigningKey, servingNames);
            pki.write();
            return pki;
        }
    }

    private static <T> CompletableFuture<T> onThread(String name, java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        });
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

    public Path directory() {
        return directory;
    }

    public CertificateAuthority authority() {
        return authority;
    }

    public IssuedCertificate serving() {
        return serving;
    }

    /** The admin client certificate; waits until it is made and written. */
    public IssuedCertificate admin() {
        return join(admin);
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

    /** The admin certificate's file; waits until it is written. */
    public Path adminCertificateFile() {
        admin();
        return directory.resolve(ADMIN_CERTIFICATE);
    }

    /** The admin key's file; waits until it is written. */
    public Path adminKeyFile() {
        admin();
        return directory.resolve(ADMIN_KEY);
    }

    public Path serviceAccountPublicKeyFile() {
        return directory.resolve("sa.pub");
    }

    public Path serviceAccountPrivateKeyFile() {
        return directory.resolve("sa.key");
    }
}
