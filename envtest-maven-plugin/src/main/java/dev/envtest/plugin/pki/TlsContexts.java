package dev.envtest.plugin.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Java TLS contexts that trust only our CA and present one of our certificates (a client's, or a server's). */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SSLContext clientContext(IssuedCertificate ca, IssuedCertificate client) {
        try {
            char[] password = "envtest".toCharArray();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("envtest-ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keyPair().getPrivate(), password,
                    new Certificate[] {client.certificate(), ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("could not build a TLS context from the envtest CA: " + e.getMessage(), e);
        }
    }

    /** A server context presenting {@code serving} (with the CA that issued it in its chain); it asks for no client certificate. */
    public static SSLContext serverContext(IssuedCertificate ca, IssuedCertificate serving) {
        try {
            char[] password = "envtest".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("serving", serving.keyPair().getPrivate(), password,
                    new Certificate[] {serving.certificate(), ca.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PkiException("could not build a TLS server context: " + e.getMessage(), e);
        }
    }
}
