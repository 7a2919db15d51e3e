package dev.envtest.plugin.identities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * fabric8's close leaves the JDK client's selector thread running (which holds up the JVM's exit by 0.3 s); the
 * factory's close ends it, for the client and for one derived from it.
 */
class ShutdownOnCloseHttpClientFactoryTest {

    private static final Config CONFIG = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:1").build();

    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .collect(Collectors.toSet());
    }

    /** The selector threads {@code client} added, given those that ran before it was built. */
    private static Set<Thread> added(Set<Thread> before) {
        Set<Thread> now = new HashSet<>(selectorThreads());
        now.removeAll(before);
        return now;
    }

    private static void awaitEnd(Set<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Test
    void closingTheClientEndsTheJdkClientsThread() throws Exception {
        Set<Thread> before = selectorThreads();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(CONFIG)
                .withHttpClientFactory(new ShutdownOnCloseHttpClientFactory()).build();
        Set<Thread> ours = added(before);
        assertEquals(1, ours.size(), "one JDK client per KubernetesClient: " + ours);

        client.close();

        awaitEnd(ours);
        assertTrue(ours.stream().noneMatch(Thread::isAlive), "its selector thread ended with the close");
    }

    @Test
    void aDerivedClientSharesTheJdkClientAndItsClose() throws Exception {
        Set<Thread> before = selectorThreads();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(CONFIG)
                .withHttpClientFactory(new ShutdownOnCloseHttpClientFactory() {
                    @Override
                    protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
                        builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
                    }
                }).build();
        HttpClient derived = client.getHttpClient().newBuilder().build();
        Set<Thread> ours = added(before);
        assertEquals(1, ours.size(), "the derived client uses the same JDK client: " + ours);

        derived.close();

        awaitEnd(ours);
        assertTrue(ours.stream().noneMatch(Thread::isAlive));
        assertTrue(client.getHttpClient().isClosed(), "fabric8's rule: a derived client's close closes the one it came from");
        client.close();
    }

    @Test
    void fabric8sOwnFactoryLeavesTheThreadRunning() throws Exception {
        // the reason for the class: if fabric8 ever ends the JDK client itself, this fails and the class can go
        Set<Thread> before = selectorThreads();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(CONFIG)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        Set<Thread> theirs = added(before);
        assertEquals(1, theirs.size());

        client.close();

        for (Thread t : theirs) {
            t.join(500);
            assertTrue(t.isAlive(), "fabric8 left " + t.getName() + " running after close");
        }
        assertFalse(theirs.isEmpty());
    }
}
