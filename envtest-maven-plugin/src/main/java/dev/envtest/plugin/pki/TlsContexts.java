package dev.envtest.plugin.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Java TLS contexts that trust only our CA and present one of our certificates (a client's, or a server's). */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SSLContext clientContext(IssuedCertificate ca, IssuedCertificate client) {
        return context(keyManagers(ca, client), trustManagers(ca), "could not build a TLS context from the envtest CA");
    }

    /** A server context presenting {@code serving} (with the CA that issued it in its chain); it asks for no client certificate. */
    public static SSLContext serverContext(IssuedCertificate ca, IssuedCertificate serving) {
        return context(keyManagers(ca, serving), null, "could not build a TLS server context");
    }

    /** Presents {@code certificate}, with the CA that issued it in its chain. */
    public static KeyManager[] keyManagers(IssuedCertificate ca, IssuedCertificate certificate) {
        return new KeyManager[] {new SingleKeyManager(certificate.keyPair().getPrivate(), certificate.certificate(), ca.certificate())};
    }

    /** Trusts {@code ca} and nothing else: not the JDK's default CAs. */
    public static TrustManager[] trustManagers(IssuedCertificate ca) {
        try {
            // a store of certificates only: nothing in it is encrypted
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("envtest-ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("could not build a trust manager for the envtest CA: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust, String failure) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PkiException(failure + ": " + e.getMessage(), e);
        }
    }
}
