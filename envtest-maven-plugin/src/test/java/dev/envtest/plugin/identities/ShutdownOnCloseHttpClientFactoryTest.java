package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.http.HttpClientShutdown;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fabric8's close leaves the JDK client's selector thread running (which holds up the JVM's exit by 0.3 s); the
 * factory's close ends it, for the client and for one derived from it. Each JDK client's own thread is followed
 * (other tests' background work builds clients of its own at the same time).
 */
class ShutdownOnCloseHttpClientFactoryTest {

    private static final Config CONFIG = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build();

    private static Thread onlySelectorThread(ShutdownOnCloseHttpClientFactory factory) {
        List<java.net.http.HttpClient> built = factory.jdkClients();
        assertEquals(1, built.size(), "one JDK client per KubernetesClient: " + built);
        Thread selector = HttpClientShutdown.selectorThread(built.get(0)).orElseThrow();
        assertTrue(selector.isAlive());
        return selector;
    }

    @Test
    void closingTheClientEndsTheJdkClientsThread() throws Exception {
        ShutdownOnCloseHttpClientFactory factory = new ShutdownOnCloseHttpClientFactory();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(CONFIG).withHttpClientFactory(factory).build();
        Thread selector = onlySelectorThread(factory);

        client.close();

        selector.join(10_000);
        assertFalse(selector.isAlive(), "its selector thread ended with the close");
        assertEquals(List.of(), factory.jdkClients());
    }

    @Test
    void aDerivedClientSharesTheJdkClientAndItsClose() throws Exception {
        ShutdownOnCloseHttpClientFactory factory = new ShutdownOnCloseHttpClientFactory() {
            @Override
            protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
                builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
            }
        };
        KubernetesClient client = new KubernetesClientBuilder().withConfig(CONFIG).withHttpClientFactory(factory).build();
        HttpClient derived = client.getHttpClient().newBuilder().build();
        Thread selector = onlySelectorThread(factory);
        assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, factory.jdkClients().get(0).version(),
                "the recording builder passed additionalConfig's setting on");

        derived.close();

        selector.join(10_000);
        assertFalse(selector.isAlive());
        assertTrue(client.getHttpClient().isClosed(), "fabric8's rule: a derived client's close closes the one it came from");
        client.close();
    }

    @Test
    void fabric8sOwnCloseLeavesTheThreadRunning() throws Exception {
        // the reason for the class: if fabric8 ever ends the JDK client itself, this fails and the class can go.
        // fabric8's own factory, with its own close, builds its JDK client through a recording builder (the protected
        // method is reachable from this package) so that the client's thread can be followed.
        ShutdownOnCloseHttpClientFactory recorder = new ShutdownOnCloseHttpClientFactory();
        JdkHttpClientFactory fabric8s = new JdkHttpClientFactory() {
            @Override
            protected java.net.http.HttpClient.Builder createNewHttpClientBuilder() {
                return recorder.createNewHttpClientBuilder();
            }
        };
        KubernetesClient client = new KubernetesClientBuilder().withConfig(CONFIG).withHttpClientFactory(fabric8s).build();
        Thread selector = onlySelectorThread(recorder);

        client.close();

        selector.join(500);
        assertTrue(selector.isAlive(), "fabric8 left " + selector.getName() + " running after close");
        HttpClientShutdown.now(recorder.jdkClients().get(0));
    }
}
