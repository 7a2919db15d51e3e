package dev.envtest.plugin.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A webhook server's serving certificate, signed by the run's CA, in the forms its servers read: {@code tls.crt} and
 * {@code tls.key} as controller-runtime's webhook server loads them, and a PKCS#12 {@code keystore.p12} for a JVM
 * ({@code HttpsServer}, Netty, Jetty). Its key and keystore are owner-readable only.
 *
 * @param certificateFile  {@code tls.crt} (PEM, 0644)
 * @param keyFile          {@code tls.key} (PKCS#8 PEM, 0600)
 * @param keystoreFile     {@code keystore.p12}: alias {@value #KEYSTORE_ALIAS}, the key with the certificate and the CA (0600)
 * @param keystorePassword the keystore's and the key entry's password (random per run)
 * @param names            the subject alternative names
 */
public record WebhookServingCertificate(Path certificateFile, Path keyFile, Path keystoreFile, String keystorePassword,
        List<String> names) {

    public static final String CERTIFICATE = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String KEYSTORE = "keystore.p12";
    public static final String KEYSTORE_ALIAS = "webhook";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Issues a certificate for {@code names} (DNS names and IP literals, duplicates dropped) into {@code directory}. */
    public static WebhookServingCertificate issue(CertificateAuthority ca, String commonName, List<String> names, Path directory) {
        Set<String> seen = new LinkedHashSet<>();
        List<SubjectAlternativeName> sans = new ArrayList<>();
        List<String> written = new ArrayList<>();
        for (String name : names) {
            SubjectAlternativeName san = SubjectAlternativeName.parse(name);
            if (seen.add(san.toString())) {
                sans.add(san);
                written.add(san.value());
            }
        }
        IssuedCertificate issued = ca.issueServing(commonName, sans);
        Path crt = Pem.writePublic(directory.resolve(CERTIFICATE), issued.certificatePem());
        Path key = Pem.writeSecret(directory.resolve(KEY), issued.privateKeyPem());
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keystore = directory.resolve(KEYSTORE);
        writeKeystore(keystore, issued, ca.certificate(), password);
        return new WebhookServingCertificate(crt, key, keystore, password, List.copyOf(written));
    }

    private static void writeKeystore(Path file, IssuedCertificate issued, IssuedCertificate ca, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEYSTORE_ALIAS, issued.keyPair().getPrivate(), password.toCharArray(),
                    new Certificate[] {issued.certificate(), ca.certificate()});
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new PkiException("could not write the webhook keystore " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
