package dev.envtest.plugin.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority that lives for one test run: it signs the API server's serving
 * certificate and the client certificates of users such as the admin.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate root;
    private final Duration validity;

    private CertificateAuthority(IssuedCertificate root, Duration validity) {
        this.root = root;
        this.validity = validity;
    }

    /** Creates a self-signed CA with an ECDSA P-256 key, valid for {@code validity}. */
    public static CertificateAuthority create(String commonName, Duration validity) {
        KeyPair keys = KeyPairs.ecdsaP256();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(builder, keys);
            return new CertificateAuthority(new IssuedCertificate(cert, keys), validity);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new PkiException("could not create the certificate authority " + commonName + ": " + e.getMessage(), e);
        }
    }

    public IssuedCertificate certificate() {
        return root;
    }

    /** A TLS server certificate carrying every given subject alternative name (DNS names and IP literals). */
    public IssuedCertificate issueServing(String commonName, List<SubjectAlternativeName> sans) {
        GeneralName[] names = sans.stream().map(SubjectAlternativeName::toGeneralName).toArray(GeneralName[]::new);
        return issue(commonName, List.of(), KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
    }

    /**
     * A TLS client certificate: Kubernetes reads the user name from CN and the groups from O. Its key is RSA, the one
     * algorithm every client library reads from a kubeconfig (fabric8 7.x fails on PKCS#8 ECDSA keys).
     */
    public IssuedCertificate issueClient(String user, List<String> groups) {
        return issue(user, groups, KeyPurposeId.id_kp_clientAuth, null, KeyPairs.rsa2048());
    }

    private IssuedCertificate issue(String commonName, List<String> organizations, KeyPurposeId purpose, GeneralNames sans) {
        return issue(commonName, organizations, purpose, sans, KeyPairs.ecdsaP256());
    }

    private IssuedCertificate issue(String commonName, List<String> organizations, KeyPurposeId purpose, GeneralNames sans,
            KeyPair keys) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> subject.addRDN(BCStyle.O, o));
        subject.addRDN(BCStyle.CN, commonName);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root.certificate(), serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject.build(), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(root.certificate()))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new IssuedCertificate(sign(builder, root.keyPair()), keys);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new PkiException("could not issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
