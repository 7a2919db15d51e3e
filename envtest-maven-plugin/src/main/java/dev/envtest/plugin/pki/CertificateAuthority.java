package dev.envtest.plugin.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A small certificate authority that lives for one test run: it signs the API server's serving
 * certificate and the client certificates of users such as the admin.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private final IssuedCertificate root;
    /** The CA's name as encoded in its certificate: the issuer of what it signs (no certificate parse needed). */
    private final byte[] subject;
    private final Duration validity;

    private CertificateAuthority(IssuedCertificate root, byte[] subject, Duration validity) {
        this.root = root;
        this.subject = subject;
        this.validity = validity;
    }

    /** Creates a self-signed CA with an ECDSA P-256 key, valid for {@code validity}. */
    public static CertificateAuthority create(String commonName, Duration validity) {
        KeyPair keys = KeyPairs.ecdsaP256();
        byte[] subject = CertificateEncoder.name(List.of(), commonName);
        Instant now = Instant.now();
        try {
            byte[] cert = new CertificateEncoder(keys.getPublic())
                    .subject(subject).issuer(subject).serial(serial())
                    .validity(now.minus(Duration.ofMinutes(5)), now.plus(validity))
                    .basicConstraints(true)
                    .keyUsage(DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN)
                    .subjectKeyIdentifier()
                    .sign(keys.getPrivate());
            return new CertificateAuthority(new IssuedCertificate(cert, keys), subject, validity);
        } catch (GeneralSecurityException e) {
            throw new PkiException("could not create the certificate authority " + commonName + ": " + e.getMessage(), e);
        }
    }

    public IssuedCertificate certificate() {
        return root;
    }

    /** A TLS server certificate carrying every given subject alternative name (DNS names and IP literals). */
    public IssuedCertificate issueServing(String commonName, List<SubjectAlternativeName> sans) {
        return issueServing(commonName, sans, KeyPairs.ecdsaP256());
    }

    /** {@link #issueServing(String, List)} for a key pair made elsewhere (ECDSA P-256). */
    public IssuedCertificate issueServing(String commonName, List<SubjectAlternativeName> sans, KeyPair keys) {
        return issue(commonName, List.of(), CertificateEncoder.SERVER_AUTH, sans, keys);
    }

    /**
     * A TLS client certificate: Kubernetes reads the user name from CN and the groups from O. Its key is ECDSA P-256;
     * write it with {@link IssuedCertificate#clientKeyPem()}, the form every client library reads from a kubeconfig.
     */
    public IssuedCertificate issueClient(String user, List<String> groups) {
        return issueClient(user, groups, KeyPairs.ecdsaP256());
    }

    /** {@link #issueClient(String, List)} for a key pair made elsewhere (ECDSA P-256). */
    public IssuedCertificate issueClient(String user, List<String> groups, KeyPair keys) {
        return issue(user, groups, CertificateEncoder.CLIENT_AUTH, List.of(), keys);
    }

    private IssuedCertificate issue(String commonName, List<String> organizations, String purpose, List<SubjectAlternativeName> sans,
            KeyPair keys) {
        Instant now = Instant.now();
        try {
            CertificateEncoder encoder = new CertificateEncoder(keys.getPublic())
                    .subject(CertificateEncoder.name(organizations, commonName))
                    .issuer(subject)
                    .serial(serial())
                    .validity(now.minus(Duration.ofMinutes(5)), now.plus(validity))
                    .basicConstraints(false)
                    .keyUsage(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT)
                    .extendedKeyUsage(purpose)
                    .authorityKeyIdentifier(root.keyPair().getPublic())
                    .subjectKeyIdentifier();
            if (!sans.isEmpty()) {
                encoder.subjectAlternativeNames(sans);
            }
            return new IssuedCertificate(encoder.sign(root.keyPair().getPrivate()), keys);
        } catch (GeneralSecurityException e) {
            throw new PkiException("could not issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
