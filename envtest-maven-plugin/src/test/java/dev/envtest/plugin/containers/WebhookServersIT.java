package dev.envtest.plugin.containers;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.containers.wait.LogWait;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.lifecycle.EnvtestStart;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.webhooks.ContainerWebhook;
import dev.envtest.plugin.webhooks.HostWebhook;
import dev.envtest.plugin.webhooks.WebhookException;
import dev.envtest.plugin.webhooks.WebhooksRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad webhook inputs through the whole start sequence (real control plane, real Podman, the it/fixtures webhook
 * server): each fails with its cause and fix, and leaves no process, container or network behind.
 */
class WebhookServersIT {

    private static final String SOCKET = "unix:///run/podman/podman.sock";
    private static Path fixtures;

    @TempDir
    Path work;

    @TempDir
    Path project;

    private final ContainerCleaner cleaner = new ContainerCleaner();


    @BeforeAll
    static void fixtures() throws IOException, InterruptedException {
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "the Podman API socket (.ci/setup) is needed");
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        fixtures = Path.of("target/it-fixtures").toAbsolutePath();
        Path script = Path.of("../it/fixtures/build.sh").toAbsolutePath().normalize();
        Process build = new ProcessBuilder("bash", script.toString(), fixtures.toString()).inheritIO().start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES) && build.exitValue() == 0, "it/fixtures/build.sh failed");
    }

    @AfterEach
    void nothingLeftBehind() {
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stop(work);
        List<String> children = ProcessHandle.current().descendants().map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("etcd") || c.endsWith("kube-apiserver")).toList();
        assertEquals(List.of(), children, "no etcd or kube-apiserver may survive");
        assertEquals(List.of(), ContainersEngineIT.leftovers(work), "no container or network of this work directory may be left");
        assertFalse(Files.exists(work.resolve("session.json")), "the session is closed");
    }

    private StartRequest request(List<Path> manifests) {
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, manifests, Map.of(), List.of(), Duration.ofSeconds(30));
        return StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .startupTimeout(Duration.ofSeconds(60)).dockerHost(Optional.of(SOCKET)).env(new HashMap<>(System.getenv()))
                .home(Path.of(System.getProperty("user.home"))).stopOnExit(true).identities(identities).build();
    }

    /** The webhook fixture as a webhook server on 9443 (its wait: the startup log line), with these arguments. */
    private static ContainerSpec webhookContainer(List<String> args) {
        ImageSpec image = ImageSpec.build(new BuildSpec(fixtures.resolve("webhook"), fixtures.resolve("webhook/Containerfile"), Map.of()),
                Optional.of("localhost/envtest/it-webhook:webhook-servers-it"));
        return ContainerSpec.minimal("webhook", image, new LogWait(Pattern.compile("msg=serving webhooks"), 1, Duration.ofSeconds(3)))
                .withArgs(args).withAliases(List.of("webhook-service")).withPorts(List.of(9443));
    }

    private RuntimeException startFails(List<Path> manifests, List<ContainerSpec> containers, WebhooksRequest webhooks) {
        EnvtestStart start = new EnvtestStart(Reporter.silent(), List.of(cleaner))
                .withContainers(new ContainersStage(ContainerPlan.of(containers), cleaner)).withWebhooks(webhooks);
        return assertThrows(RuntimeException.class, () -> start.start(request(manifests)));
    }

    private static WebhooksRequest onContainer() {
        return new WebhooksRequest(List.of(new ContainerWebhook("webhook", List.of("webhook-service"), 9443,
                ContainerWebhook.DEFAULT_CERT_DIRECTORY, Duration.ofSeconds(3))), List.of());
    }

    private Path validating(String service) throws IOException {
        return Files.writeString(project.resolve("webhooks.yaml"), """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: validating-webhook-configuration
                webhooks:
                - name: vconfigmap.webhooks.envtest.dev
                  admissionReviewVersions: [v1]
                  sideEffects: None
                  failurePolicy: Fail
                  clientConfig:
                    service: {name: %s, namespace: system, path: /validate}
                  rules:
                  - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
                """.formatted(service));
    }

    @Test
    void aServiceNamingNoContainerFailsBeforeAnythingStarts() throws IOException {
        Path manifest = validating("missing-service");
        RuntimeException e = startFails(List.of(manifest), List.of(webhookContainer(List.of())), onContainer());
        String m = e.getMessage();
        assertTrue(e instanceof WebhookException, "a webhook error, not " + e);
        assertTrue(m.startsWith(manifest + ":1 (document 1, ValidatingWebhookConfiguration validating-webhook-configuration) webhooks[0]"
                + " (vconfigmap.webhooks.envtest.dev).clientConfig.service system/missing-service names no webhook server of this build"
                + " (the webhook servers are container 'webhook' (names webhook, webhook-service))."), m);
        assertTrue(m.contains("Fix: give the container that serves it <webhook>9443</webhook> (its webhook port) and the name or alias 'missing-service'"), m);
        assertFalse(Files.exists(work.resolve("logs/etcd.log")), "nothing was started");
    }

    @Test
    void aWebhookContainerThatNeverServesTlsTimesOutWithItsLogTail() throws IOException {
        RuntimeException e = startFails(List.of(validating("webhook-service")), List.of(webhookContainer(List.of("-plain-http"))),
                onContainer());
        String m = e.getMessage();
        assertTrue(e instanceof WebhookException, "a webhook error, not " + e);
        assertTrue(m.contains("container 'webhook' is ready by its wait, but did not serve TLS on its webhook port 9443 (published as"
                + " 127.0.0.1:"), m);
        assertTrue(m.contains("within 3 s; last attempt: 127.0.0.1:") && m.contains("answered, but not with TLS (plain HTTP?)"), m);
        assertTrue(m.contains("Fix: serve HTTPS on container port 9443 with /tmp/k8s-webhook-server/serving-certs/tls.crt"), m);
        assertTrue(m.contains("| level=INFO msg=serving webhooks without TLS listen=:9443"), "the log tail: " + m);
    }

    @Test
    void aWebhookContainerServingOnAnotherPortTimesOutWithItsLogTail() throws IOException {
        RuntimeException e = startFails(List.of(validating("webhook-service")), List.of(webhookContainer(List.of("-listen", ":8443"))),
                onContainer());
        String m = e.getMessage();
        assertTrue(e instanceof WebhookException, "a webhook error, not " + e);
        assertTrue(m.contains("did not serve TLS on its webhook port 9443"), m);
        assertTrue(m.contains("or set <webhook><port>"), m);
        assertTrue(m.contains("| level=INFO msg=serving webhooks listen=:8443"), "the log tail shows the port it serves: " + m);
    }

    @Test
    void aHostWebhookPortThatIsTakenFailsBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            RuntimeException e = startFails(List.of(), List.of(), new WebhooksRequest(List.of(), List.of(new HostWebhook("jvm-webhook", port))));
            String m = e.getMessage();
            assertTrue(e instanceof WebhookException, "a webhook error, not " + e);
            assertTrue(m.startsWith("hostWebhook 'jvm-webhook': port " + port + " on 127.0.0.1 is already in use"), m);
            assertTrue(m.contains("Fix: stop what listens on it, choose another port, or set 0"), m);
            assertFalse(Files.exists(work.resolve("logs/etcd.log")), "nothing was started");
        }
    }
}
