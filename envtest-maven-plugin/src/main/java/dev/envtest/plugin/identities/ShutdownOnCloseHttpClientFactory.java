package dev.envtest.plugin.identities;

import dev.envtest.plugin.http.HttpClientShutdown;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * fabric8's factory for clients over the JDK's HTTP client, whose close also ends the JDK's client
 * ({@link HttpClientShutdown}): fabric8 shuts down only the executor, and the JDK client's selector thread would hold
 * up the Maven process's exit by 0.3 s.
 *
 * <p>Give each {@code KubernetesClient} a factory of its own ({@code withHttpClientFactory(new ...())}): fabric8
 * builds one JDK client per factory call and shares it with every client derived from it, and closing any of them
 * closes that shared client (fabric8's own rule: they share one "closed" flag), so the factory ends every JDK client
 * it built when one of its clients is closed.
 */
public class ShutdownOnCloseHttpClientFactory extends JdkHttpClientFactory {

    private final List<HttpClient> built = new CopyOnWriteArrayList<>();

    @Override
    protected HttpClient.Builder createNewHttpClientBuilder() {
        return new Recording(super.createNewHttpClientBuilder(), built);
    }

    @Override
    protected void closeHttpClient(JdkHttpClientImpl client) {
        super.closeHttpClient(client);
        for (HttpClient jdkClient : built) {
            HttpClientShutdown.now(jdkClient);
        }
        built.clear();
    }

    /** The JDK clients this factory built and has not ended yet. */
    List<HttpClient> jdkClients() {
        return List.copyOf(built);
    }

    /** The JDK's builder, noting the client it builds: fabric8 keeps that client out of reach. */
    private record Recording(HttpClient.Builder delegate, List<HttpClient> built) implements HttpClient.Builder {

        @Override
        public HttpClient build() {
            HttpClient client = delegate.build();
            built.add(client);
            return client;
        }

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            delegate.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            delegate.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            delegate.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
            delegate.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(HttpClient.Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            delegate.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }
    }
}
