package dev.envtest.plugin.engine;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context given to docker-java's transport for an engine on a Unix socket or a named pipe, where no TLS is ever
 * spoken. Given none, the transport builds the JDK's default context, and with it the trust store of every public CA
 * (cacerts): 250–300 ms of a thread in a fresh JVM, 190 ms of the containers' thread beside the API server's boot
 * in a start. This context loads nothing and can do nothing: any use of it fails, naming why.
 */
final class NoTlsContext {

    private static final SSLContext CONTEXT = new SSLContext(new Refusing(), null, "none") {
    };

    private NoTlsContext() {
    }

    static SSLContext get() {
        return CONTEXT;
    }

    private static final class Refusing extends SSLContextSpi {

        private static IllegalStateException refused() {
            return new IllegalStateException("TLS on a connection to a container engine's Unix socket or named pipe: this"
                    + " transport never speaks TLS");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException(refused().getMessage());
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
