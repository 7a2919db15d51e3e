package dev.envtest.plugin.identities;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.lifecycle.EnvtestStart;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.lifecycle.StartedEnvtest;
import dev.envtest.plugin.session.Reporter;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identities phase against a real control plane started by {@link EnvtestStart} (binaries from the setup-envtest
 * store): bad inputs fail with the file, line or parameter and leave nothing running; a binding to a missing Role is
 * only a warning; the files written are owner-only where they hold secrets, and a token works.
 */
class IdentitiesIT {

    @TempDir
    Path work;

    @TempDir
    Path project;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<String> infos = Collections.synchronizedList(new ArrayList<>());

    private final Reporter reporter = new Reporter() {
        public void info(String message) {
            infos.add(message);
        }

        public void warn(String message) {
            warnings.add(message);
        }

        public void debug(String message) {
        }
    };


    @BeforeEach
    void binariesInstalled() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
    }

    private StartRequest request(IdentitiesRequest identities) {
        return StartRequest.builder(work).kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .bindAddress("127.0.0.1").containerHost("localhost").startupTimeout(Duration.ofSeconds(60))
                .env(new HashMap<>(System.getenv())).home(Path.of(System.getProperty("user.home"))).stopOnExit(true)
                .identities(identities).build();
    }

    private static IdentitiesRequest identities(List<Path> crds, boolean errorIfMissing, List<Path> manifests,
            List<ServiceAccountSpec> accounts) {
        return new IdentitiesRequest(crds, errorIfMissing, manifests, Map.of("service.name", "data-storage-service"), accounts,
                Duration.ofSeconds(30));
    }

    private static ServiceAccountSpec sa(int index, String namespace, String name, List<String> roles) {
        return new ServiceAccountSpec("serviceAccounts[" + index + "]", name, namespace, List.of(), roles, List.of(), List.of(),
                Duration.ofHours(1), List.of());
    }

    private IdentitiesException startFails(IdentitiesRequest identities) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new EnvtestStart(reporter, List.of()).start(request(identities)));
        assertTrue(e instanceof IdentitiesException, "an identities error, not " + e);
        return (IdentitiesException) e;
    }

    private Path write(String name, String text) throws IOException {
        Path file = project.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @AfterEach
    void nothingIsLeftRunning() {
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);
        List<String> children = ProcessHandle.current().descendants()
                .map(h -> h.info().command().orElse(""))
                .filter(c -> c.endsWith("etcd") || c.endsWith("kube-apiserver"))
                .toList();
        assertEquals(List.of(), children, "no etcd or kube-apiserver may survive");
        assertFalse(Files.exists(work.resolve("session.json")), "the session is closed");
    }

    @Test
    void malformedYamlFailsBeforeAnythingStarts() throws IOException {
        Path bad = write("k8s/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n spec: {}\n");
        IdentitiesException e = startFails(identities(List.of(), false, List.of(project.resolve("k8s")), List.of()));
        assertTrue(e.getMessage().startsWith(bad + ":5:2: malformed YAML: "), e.getMessage());
        assertFalse(Files.exists(work.resolve("logs/etcd.log")), "nothing was started: " + e.getMessage());
    }

    @Test
    void missingCrdPathWithErrorIfCrdPathMissingFailsBeforeAnythingStarts() {
        Path missing = project.resolve("config/crd/bases");
        IdentitiesException e = startFails(identities(List.of(missing), true, List.of(), List.of()));
        assertTrue(e.getMessage().startsWith("crdDirectories: " + missing + " does not exist. Fix:"), e.getMessage());
        assertFalse(Files.exists(work.resolve("logs/etcd.log")));
    }

    @Test
    void duplicateServiceAccountsFailBeforeAnythingStarts() {
        IdentitiesException e = startFails(identities(List.of(), false, List.of(),
                List.of(sa(0, "default", "reader", List.of()), sa(1, "default", "reader", List.of()))));
        assertTrue(e.getMessage().startsWith("serviceAccounts: serviceAccounts[0] and serviceAccounts[1] both declare ServiceAccount default/reader."),
                e.getMessage());
        assertFalse(Files.exists(work.resolve("logs/etcd.log")));
    }

    @Test
    void manifestTheApiServerRejectsQuotesItAndStopsEverything() throws IOException {
        Path file = write("k8s/service.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fine
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: ${service.name}
                spec:
                  ports:
                  - port: 70000
                """);
        IdentitiesException e = startFails(identities(List.of(), false, List.of(file), List.of()));
        assertTrue(e.getMessage().startsWith(file + ":6 (document 2, Service data-storage-service): the API server rejected it: \"Service \"data-storage-service\" is invalid: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"), e.getMessage());
        assertTrue(Files.exists(work.resolve("logs/kube-apiserver.log")), "the control plane had started; its logs are kept");
    }

    @Test
    void unknownFieldIsRejectedByStrictValidation() throws IOException {
        Path file = write("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\ndatta:\n  a: b\n");
        IdentitiesException e = startFails(identities(List.of(), false, List.of(file), List.of()));
        assertTrue(e.getMessage().startsWith(file + ":1 (document 1, ConfigMap typo): the API server rejected it: \""), e.getMessage());
        assertTrue(e.getMessage().contains(".datta: field not declared in schema"), e.getMessage());
    }

    @Test
    void kindWithoutItsCrdNamesTheFixAndStopsEverything() throws IOException {
        Path file = write("k8s/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
        IdentitiesException e = startFails(identities(List.of(), false, List.of(file), List.of()));
        assertEquals(file + ":1 (document 1, Widget w): the API server serves no kind Widget in example.com/v1"
                + " (the API server does not serve example.com/v1 at all). Fix: correct apiVersion/kind, or add the"
                + " CustomResourceDefinition that defines it to crdDirectories.", e.getMessage());
    }

    @Test
    void bindingToAMissingRoleOnlyWarnsAndCredentialsAreWritten() throws Exception {
        StartedEnvtest started = new EnvtestStart(reporter, List.of()).start(request(identities(List.of(), false, List.of(),
                List.of(sa(0, "team-a", "client", List.of("no-such-role"))))));
        assertTrue(warnings.stream().anyMatch(w -> w.equals("serviceAccounts[0] (team-a/client): Role \"no-such-role\" in namespace team-a"
                + " does not exist; its RoleBinding is created anyway (Kubernetes allows it) but grants nothing until the role exists."
                + " Fix: define it in manifests or correct the name in roles.")), warnings.toString());

        Map<String, String> props = started.properties().asMap();
        assertEquals("system:serviceaccount:team-a:client", props.get("envtest.sa.client.username"));
        assertTrue(started.properties().secret("envtest.sa.client.token"));
        Path dir = work.resolve("identities/team-a/client");
        for (String secret : List.of("token", "kubeconfig", "container-kubeconfig", "serviceaccount/token")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))), secret);
        }
        assertEquals("team-a", Files.readString(dir.resolve("serviceaccount/namespace")));
        assertEquals(started.controlPlane().pki().caPem(), Files.readString(dir.resolve("serviceaccount/ca.crt")));
        assertEquals("KUBERNETES_SERVICE_HOST=localhost\nKUBERNETES_SERVICE_PORT=" + started.controlPlane().port()
                + "\nKUBERNETES_SERVICE_PORT_HTTPS=" + started.controlPlane().port() + "\n", Files.readString(dir.resolve("in-cluster.env")));
        String propertiesFile = Files.readString(work.resolve("envtest.properties"));
        assertTrue(propertiesFile.contains("envtest.sa.client.kubeconfig="), "written to envtest.properties too");
        assertTrue(infos.stream().noneMatch(i -> i.contains(props.get("envtest.sa.client.token"))), "the token is never logged");

        // the host kubeconfig authenticates as the ServiceAccount, and the admin's TokenReview agrees
        try (KubernetesClient asSa = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")))).build();
             KubernetesClient admin = AdminClient.connect(started.controlPlane())) {
            assertEquals("system:serviceaccount:team-a:client",
                    asSa.authentication().v1().selfSubjectReviews().create(new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview()).getStatus().getUserInfo().getUsername());
            TokenReview review = admin.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
                    .withToken(Files.readString(dir.resolve("token"))).endSpec().build());
            assertTrue(review.getStatus().getAuthenticated());
            assertNotNull(admin.rbac().roleBindings().inNamespace("team-a").withName("envtest:client:no-such-role").get());
        }
        new EnvtestStop(Reporter.silent(), List.of()).stop(work);
    }
}
