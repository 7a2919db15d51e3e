package dev.envtest.plugin.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An X.509 v3 certificate (RFC 5280) from its fields, signed ECDSA with SHA-256 by the JDK; the JDK's own certificate
 * parser reads it back where it is used (see {@link IssuedCertificate}), and the tests parse every kind. Only what this
 * plugin's certificates carry: a subject of O and CN attributes, basic constraints, key usage, extended key usage, key
 * identifiers, subject alternative names.
 */
final class CertificateEncoder {

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";

    /** id-kp-serverAuth and id-kp-clientAuth. */
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final List<byte[]> extensions = new ArrayList<>();
    private final PublicKey subjectKey;
    private byte[] subject;
    private byte[] issuer;
    private BigInteger serial = BigInteger.ONE;
    private Instant notBefore;
    private Instant notAfter;

    CertificateEncoder(PublicKey subjectKey) {
        this.subjectKey = subjectKey;
    }

    /** The distinguished name: one RDN per organization, then the common name (Kubernetes: groups and user). */
    static byte[] name(List<String> organizations, String commonName) {
        List<byte[]> rdns = new ArrayList<>();
        for (String organization : organizations) {
            rdns.add(Der.set(Der.sequence(Der.objectIdentifier(ORGANIZATION), Der.utf8String(organization))));
        }
        rdns.add(Der.set(Der.sequence(Der.objectIdentifier(COMMON_NAME), Der.utf8String(commonName))));
        return Der.sequence(rdns.toArray(byte[][]::new));
    }

    CertificateEncoder subject(byte[] encodedName) {
        this.subject = encodedName;
        return this;
    }

    /** The issuer's name exactly as its certificate encodes its subject, so that chains match byte for byte. */
    CertificateEncoder issuer(byte[] encodedName) {
        this.issuer = encodedName;
        return this;
    }

    CertificateEncoder serial(BigInteger value) {
        this.serial = value;
        return this;
    }

    CertificateEncoder validity(Instant from, Instant until) {
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    CertificateEncoder basicConstraints(boolean certificateAuthority) {
        return extension(BASIC_CONSTRAINTS, true, certificateAuthority ? Der.sequence(Der.booleanTrue()) : Der.sequence());
    }

    /** Key usage bits, numbered as RFC 5280 4.2.1.3 numbers them (digitalSignature 0, keyEncipherment 2, keyCertSign 5, cRLSign 6). */
    CertificateEncoder keyUsage(int... bits) {
        int value = 0;
        for (int bit : bits) {
            value |= 0x80 >>> bit;
        }
        // DER: trailing zero bits are left out and counted as unused
        int unused = Integer.numberOfTrailingZeros(value);
        return extension(KEY_USAGE, true, Der.bitString(new byte[] {(byte) value}, unused));
    }

    CertificateEncoder extendedKeyUsage(String purpose) {
        return extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.objectIdentifier(purpose)));
    }

    /** RFC 5280 4.2.1.2 method 1: the SHA-1 of the subject's public key. */
    CertificateEncoder subjectKeyIdentifier() {
        return extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier(subjectKey)));
    }

    CertificateEncoder authorityKeyIdentifier(PublicKey issuerKey) {
        return extension(AUTHORITY_KEY_IDENTIFIER, false, Der.sequence(Der.implicitPrimitive(0, keyIdentifier(issuerKey))));
    }

    CertificateEncoder subjectAlternativeNames(List<SubjectAlternativeName> names) {
        List<byte[]> general = new ArrayList<>();
        for (SubjectAlternativeName name : names) {
            general.add(name.toGeneralName());
        }
        return extension(SUBJECT_ALTERNATIVE_NAME, false, Der.sequence(general.toArray(byte[][]::new)));
    }

    /** The certificate's DER encoding, signed with {@code issuerKey} (an EC key: the CA's). */
    byte[] sign(PrivateKey issuerKey) throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.objectIdentifier(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(serial),
                algorithm,
                issuer,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                subject,
                subjectKey.getEncoded(),
                Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuerKey);
        signer.update(tbs);
        // the JDK's ECDSA signature is the DER ECDSA-Sig-Value that X.509 carries
        return Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
    }

    static byte[] keyIdentifier(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(Der.subjectPublicKey(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new PkiException("this JVM has no SHA-1 for key identifiers: " + e.getMessage(), e);
        }
    }

    private CertificateEncoder extension(String oid, boolean critical, byte[] value) {
        extensions.add(critical
                ? Der.sequence(Der.objectIdentifier(oid), Der.booleanTrue(), Der.octetString(value))
                : Der.sequence(Der.objectIdentifier(oid), Der.octetString(value)));
        return this;
    }
}
