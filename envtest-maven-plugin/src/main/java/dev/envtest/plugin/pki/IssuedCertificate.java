package dev.envtest.plugin.pki;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;

/** A certificate and the key pair it was issued for. */
public record IssuedCertificate(X509Certificate certificate, KeyPair keyPair) {

    public String certificatePem() {
        return Pem.encode(certificate);
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
