package dev.envtest.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook served by this JVM (hostWebhook jvm-webhook) with the JDK's HttpsServer and the keystore start issued:
 * the API server calls it with TLS verified, and its answer is enforced. This is the site's example.
 */
class HostWebhookIT {

    private static final String NAMESPACE = "jvm-webhook-test";
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpsServer server;

    @BeforeEach
    void serve() throws Exception {
        
        char[] password = Clients.property("envtest.webhooks.jvm-webhook.keystorePassword").toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Clients.path("envtest.webhooks.jvm-webhook.keystore"))) {
            keystore.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        int port = Integer.parseInt(Clients.property("envtest.webhooks.jvm-webhook.port"));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        ObjectMapper json = new ObjectMapper();
        server.createContext("/validate-jvm", exchange -> {
            JsonNode request = json.readTree(exchange.getRequestBody()).get("request");
            String name = request.at("/object/metadata/name").asText();
            seen.add(name + " by " + request.at("/userInfo/username").asText());
            boolean allowed = !name.startsWith("forbidden-");
            String body = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\""
                    + request.get("uid").asText() + "\",\"allowed\":" + allowed
                    + (allowed ? "" : ",\"status\":{\"code\":403,\"message\":\"the test JVM forbids " + name + "\"}") + "}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theApiServerCallsTheTestsWebhookAndEnforcesItsAnswer() {
        try (KubernetesClient client = Clients.writer()) {
            client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName("allowed-by-jvm")
                    .endMetadata().build()).create();
            KubernetesClientException denied = assertThrows(KubernetesClientException.class, () -> client.configMaps()
                    .inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName("forbidden-by-jvm")
                            .endMetadata().build()).create());
            assertEquals(403, denied.getCode());
            assertTrue(denied.getMessage().contains("the test JVM forbids forbidden-by-jvm"), denied.getMessage());
        }
        assertEquals(List.of("allowed-by-jvm by system:serviceaccount:default:writer",
                "forbidden-by-jvm by system:serviceaccount:default:writer"), seen);
    }

    @Test
    void propertiesNameTheFilesAndTheUrl() {
        
        String port = Clients.property("envtest.webhooks.jvm-webhook.port");
        assertEquals("https://127.0.0.1:" + port, Clients.property("envtest.webhooks.jvm-webhook.url"));
        assertTrue(Files.isRegularFile(Clients.path("envtest.webhooks.jvm-webhook.certificate")));
        assertTrue(Files.isRegularFile(Clients.path("envtest.webhooks.jvm-webhook.key")));
        assertEquals(Clients.path("envtest.webhooks.jvm-webhook.certificate").getParent(),
                Clients.path("envtest.webhooks.jvm-webhook.certDirectory"));
    }
}
