package dev.envtest.plugin.pki;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * A certificate and the key pair it was issued for. The certificate is kept as its DER encoding and parsed by the JDK
 * when {@link #certificate()} is first asked: writing the PEM files needs only the encoding, and the JDK's first
 * certificate parse in a fresh JVM (30-40 ms of class loading) then falls after kube-apiserver's launch, when the
 * readiness probe builds its TLS context, instead of before it.
 */
public final class IssuedCertificate {

    private final byte[] encoded;
    private final KeyPair keyPair;
    private volatile X509Certificate parsed;

    IssuedCertificate(byte[] encoded, KeyPair keyPair) {
        this.encoded = encoded.clone();
        this.keyPair = keyPair;
    }

    /** The certificate as the JDK reads it (parsed once, on first use). */
    public X509Certificate certificate() {
        X509Certificate certificate = parsed;
        if (certificate == null) {
            try {
                certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(encoded));
            } catch (CertificateException e) {
                throw new PkiException("the JDK cannot read a certificate this plugin made: " + e.getMessage(), e);
            }
            parsed = certificate;
        }
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The DER encoding. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public String certificatePem() {
        return Pem.encodeCertificate(encoded);
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), for servers: kube-apiserver, and webhook servers in Go or Java. */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(keyPair.getPrivate());
    }

    /**
     * The key of a client certificate as kubeconfigs carry it: RFC 5915 ("BEGIN EC PRIVATE KEY"), which fabric8 (from a
     * kubeconfig; a key file given in code needs {@code clientKeyAlgo("EC")}), client-go, kubectl, OpenSSL and Python
     * read without being told the algorithm.
     */
    public String clientKeyPem() {
        return Pem.encodeEcPrivateKey((ECPrivateKey) keyPair.getPrivate(), (ECPublicKey) keyPair.getPublic());
    }
}
