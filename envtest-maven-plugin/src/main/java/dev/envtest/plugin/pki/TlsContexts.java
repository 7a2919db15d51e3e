package dev.envtest.plugin.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
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
        return trustManagers(List.of(ca.certificate()));
    }

    /** Trusts these CA certificates and nothing else: not the JDK's default CAs. */
    public static TrustManager[] trustManagers(List<? extends Certificate> cas) {
        try {
            // a store of certificates only: nothing in it is encrypted
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("could not build a trust manager for the envtest CA: " + e.getMessage(), e);
        }
    }

    /** A client context that presents no certificate and trusts only these CA certificates. */
    public static SSLContext trustingOnly(List<? extends Certificate> cas) {
        return context(null, trustManagers(cas), "could not build a TLS context that trusts the envtest CA");
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
