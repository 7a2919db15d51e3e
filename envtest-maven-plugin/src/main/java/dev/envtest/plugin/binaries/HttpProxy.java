package dev.envtest.plugin.binaries;

import java.net.URI;
import java.util.Optional;

/**
 * An HTTP proxy for one URL, with optional credentials (the password is never printed).
 *
 * @param host     proxy host
 * @param port     proxy port
 * @param username empty when the proxy needs no credentials
 * @param password empty when the proxy needs no credentials
 */
public record HttpProxy(String host, int port, String username, String password) {

    public HttpProxy {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    public boolean authenticated() {
        return !username.isEmpty();
    }

    @Override
    public String toString() {
        return (authenticated() ? username + ":****@" : "") + host + ":" + port;
    }

    /** Which proxy, if any, to use for a URL (in a build: Maven's proxies from settings.xml, nonProxyHosts applied). */
    @FunctionalInterface
    public interface Lookup {
        Optional<HttpProxy> proxyFor(URI uri);

        static Lookup direct() {
            return uri -> Optional.empty();
        }
    }
}
