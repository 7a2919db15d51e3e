package dev.envtest.it.identities;

import static dev.envtest.it.identities.ReferenceIdentities.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.junit.Envtest;
import dev.envtest.junit.ServiceAccountCredentials;
import dev.envtest.it.support.OneShotContainer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A container on the engine's default network, as the service would run: no KUBECONFIG, only the in-cluster bundle at
 * /var/run/secrets/kubernetes.io/serviceaccount/ and KUBERNETES_SERVICE_HOST/PORT. client-go's rest.InClusterConfig
 * (the whoami fixture, a non-root user) verifies the API server's certificate against the bundle's ca.crt and
 * authenticates with its token.
 */
class InClusterContainerIT {

    private static final Envtest envtest = Envtest.load();
    private static final String IN_CLUSTER = "/var/run/secrets/kubernetes.io/serviceaccount/";

    private static OneShotContainer.Result whoami(String sa, String... args) throws IOException {
        ServiceAccountCredentials credentials = envtest.serviceAccount(sa);
        Path bundle = credentials.inCluster();
        Properties env = new Properties();
        try (Reader r = Files.newBufferedReader(credentials.inClusterEnv())) {
            env.load(r);
        }
        OneShotContainer container = OneShotContainer.fromContext(Path.of(System.getProperty("fixtures.dir"), "whoami"))
                .addHost(envtest.containerAddHost().orElse(""))
                .labelWorkDirectory(envtest.workDirectory().toString())
                .args(args);
        for (String file : List.of("token", "ca.crt", "namespace")) {
            container.file(IN_CLUSTER + file, bundle.resolve(file));
        }
        for (String name : env.stringPropertyNames()) {
            container.env(name, env.getProperty(name));
        }
        return container.run(Duration.ofMinutes(1));
    }

    @Test
    void bundleHoldsTheInClusterFilesAndTheEndpoint() throws IOException {
        ServiceAccountCredentials credentials = envtest.serviceAccount("data-storage-sa");
        Path bundle = credentials.inCluster();
        try (var files = Files.list(bundle)) {
            assertEquals(List.of("ca.crt", "namespace", "token"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // compared without printing: a token never goes to the build log, not even in a failure message
        assertTrue(credentials.token().equals(Files.readString(bundle.resolve("token"))),
                "the bundle's token is the exported token");
        assertEquals("default", Files.readString(bundle.resolve("namespace")));
        assertEquals(Files.readString(envtest.ca()), Files.readString(bundle.resolve("ca.crt")));
        String env = Files.readString(credentials.inClusterEnv());
        assertTrue(env.contains("KUBERNETES_SERVICE_HOST=" + envtest.property("envtest.inCluster.host") + "\n"), env);
        assertTrue(env.contains("KUBERNETES_SERVICE_PORT=" + envtest.property("envtest.port") + "\n"), env);
        assertTrue(envtest.containerUrl().toString().contains("://" + envtest.property("envtest.inCluster.host") + ":"),
                "the in-cluster host is envtest.container.url's host");
    }

    @Test
    void theServiceAccountInAContainerAuthenticatesAndMayReviewTokens() throws IOException {
        OneShotContainer.Result result = whoami("data-storage-sa", "-can-i", "create/tokenreviews.authentication.k8s.io");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("using in-cluster (server https://" + envtest.property("envtest.inCluster.host") + ":"),
                "in-cluster configuration, not a kubeconfig: " + result.output());
        assertTrue(result.output().contains("username=" + username("data-storage-sa") + "\n"), result.output());
        assertTrue(result.output().contains("groups=system:serviceaccounts,system:serviceaccounts:default,system:authenticated"),
                result.output());
        assertTrue(result.output().contains("allowed=true"), result.output());
    }

    @Test
    void aClientWithoutBindingsAuthenticatesButIsDenied() throws IOException {
        OneShotContainer.Result result = whoami("no-access-client", "-can-i", "get/services/data-storage-service/default");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("username=" + username("no-access-client") + "\n"), result.output());
        assertTrue(result.output().contains("allowed=false"), result.output());
    }
}
