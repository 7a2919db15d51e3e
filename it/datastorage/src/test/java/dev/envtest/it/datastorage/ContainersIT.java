package dev.envtest.it.datastorage;

import static dev.envtest.it.datastorage.DataStorage.ENVTEST;
import static dev.envtest.it.datastorage.DataStorage.send;
import static dev.envtest.it.datastorage.DataStorage.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.EnvtestContainer;
import dev.envtest.junit.EnvtestExtension;
import dev.envtest.junit.PublishedContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the containers step gives a test besides the auth contract: each container's own published ports and
 * properties, container-to-container traffic by network alias, the credentials as each instance loaded them, and
 * the logs under target/envtest/logs.
 */
@ExtendWith(EnvtestExtension.class)
class ContainersIT {

    /** The caller's status page, {@code envtest.containers.caller.url.8090}. */
    @EnvtestContainer(value = "caller", port = 8090)
    static URI caller;

    @ParameterizedTest
    @MethodSource("dev.envtest.it.datastorage.DataStorage#instances")
    void healthEndpointAnswersThroughItsOwnPublishedPort(String instance) {
        PublishedContainer container = ENVTEST.container(instance);
        assertEquals("127.0.0.1", container.host());
        assertTrue(container.port(8080) != container.port(8081), "two ports, two random host ports");
        assertEquals(java.util.Set.of(8080, 8081), container.ports().keySet());
        HttpResponse<String> response = send("GET", url(instance, 8081) + "/healthz", null, null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("http://127.0.0.1:" + container.port(8081), url(instance, 8081));
    }

    @Test
    void aSecondServiceReachesTheFirstByNetworkAliasWithItsOwnToken(
            @EnvtestContainer("datastorage-incluster") PublishedContainer callee) throws IOException, InterruptedException {
        HttpResponse<String> last = send("GET", caller + "/last", null, null);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!last.body().contains("\"status\":200") && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            last = send("GET", caller + "/last", null, null);
        }
        assertTrue(last.body().contains("\"status\":200"), "caller -> http://datastorage:8080 with the reader's token: " + last.body());
        assertTrue(last.body().contains("\"url\":\"http://datastorage:8080/api/v1/records\""), last.body());
        String calleeLog = Files.readString(callee.log());
        assertTrue(calleeLog.contains("method=GET path=/api/v1/records status=200 user=system:serviceaccount:default:reader-client"),
                "the callee authenticated the caller's in-cluster token:\n" + calleeLog);
    }

    @Test
    void eachInstanceLoadedTheCredentialsItWasGiven() throws IOException {
        String containerHost = ENVTEST.containerHost();
        String port = Integer.toString(ENVTEST.containerUrl().getPort());
        String inCluster = Files.readString(ENVTEST.container(DataStorage.IN_CLUSTER).log());
        assertTrue(inCluster.contains("kubeconfig=\"in-cluster (server https://" + containerHost + ":" + port + ")\""), inCluster);
        String kubeconfig = Files.readString(ENVTEST.container(DataStorage.KUBECONFIG).log());
        assertTrue(kubeconfig.contains("kubeconfig=\"kubeconfig /tmp/kubeconfig (server https://" + containerHost + ":" + port + ")\""), kubeconfig);
        assertTrue(kubeconfig.contains("configPath=/etc/datastorage/config.yaml"), "CONFIG_PATH from env, file copied in: " + kubeconfig);
        assertTrue(kubeconfig.contains("service=datastorage-kubeconfig"), "serviceName read from the copied config file: " + kubeconfig);
    }

    @Test
    void logsAreWrittenAsTheContainersRun() throws IOException, InterruptedException {
        Path log = ENVTEST.container(DataStorage.KUBECONFIG).log();
        assertEquals(Path.of(ENVTEST.property("envtest.logs")).resolve("datastorage-kubeconfig.log"), log);
        long before = Files.size(log);
        send("GET", url(DataStorage.KUBECONFIG, 8080) + "/readyz", null, null);
        // wait for this request's line, not for any growth: another test's request may be logged in between
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!writtenSince(log, before).contains("path=/readyz status=200") && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertTrue(writtenSince(log, before).contains("path=/readyz status=200"),
                "a request made now appears in the log file while the container runs");
    }

    /** What was appended after the first {@code offset} bytes (sizes are bytes; the log has non-ASCII, such as µs). */
    private static String writtenSince(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }

    @Test
    void theNetworkIsThisBuildsOwn() {
        String network = ENVTEST.property("envtest.containers.network");
        assertTrue(network.matches("envtest-[0-9a-f]{8}"), network);
        assertEquals(network + "-caller", ENVTEST.container("caller").engineName());
        assertEquals(java.util.List.of("caller", DataStorage.IN_CLUSTER, DataStorage.KUBECONFIG), ENVTEST.containers());
    }
}
