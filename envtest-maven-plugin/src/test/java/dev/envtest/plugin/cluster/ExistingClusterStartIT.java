package dev.envtest.plugin.cluster;

import dev.envtest.plugin.StoreBinaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.envtest.plugin.binaries.KubernetesVersion;
import dev.envtest.plugin.identities.AdminClient;
import dev.envtest.plugin.identities.IdentitiesRequest;
import dev.envtest.plugin.identities.Kubeconfig;
import dev.envtest.plugin.identities.ObjectOwnership;
import dev.envtest.plugin.identities.ServiceAccountSpec;
import dev.envtest.plugin.lifecycle.EnvtestStart;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.lifecycle.StartedEnvtest;
import dev.envtest.plugin.lifecycle.Stopped;
import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.session.RecordingReporter;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.ResourceCleaner;
import dev.envtest.plugin.session.SessionFile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster=existing} against a real API server (an envtest started here, as a user's local cluster would run):
 * bad inputs fail before anything is created, each naming cause and fix; a good run provisions there, labels and
 * records only what it created, and stop deletes exactly that; the user's kubeconfig is never written.
 */
class ExistingClusterStartIT {

    @TempDir
    static Path clusterWork;

    @TempDir
    Path work;

    @TempDir
    Path files;

    private static StartedEnvtest cluster;
    private static String noAccessToken;
    private final RecordingReporter reporter = new RecordingReporter();


    @BeforeAll
    static void startTheClusterToUse() {
        assumeTrue(Files.isExecutable(StoreBinaries.directory().resolve("kube-apiserver")), "envtest binaries are installed by .ci/setup");
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(), Map.of(),
                List.of(new ServiceAccountSpec("serviceAccounts[0]", "no-access", "default", List.of(), List.of(), List.of(), List.of(),
                        Duration.ofHours(1), List.of())), Duration.ofSeconds(30));
        cluster = new EnvtestStart(Reporter.silent(), List.of()).start(StartRequest.builder(clusterWork)
                .kubernetesVersion(KubernetesVersion.DEFAULT).binaryDirectory(Optional.of(StoreBinaries.directory()))
                .bindAddress("127.0.0.1").containerHost("localhost").env(Map.of()).stopOnExit(true).identities(identities).build());
        noAccessToken = cluster.properties().get("envtest.sa.no-access.token");
    }

    @AfterAll
    static void stopIt() {
        new EnvtestStop(Reporter.silent(), List.of()).stop(clusterWork);
    }

    private KubernetesClient admin() {
        return AdminClient.connect(cluster.controlPlane());
    }

    private static String caPem() {
        return cluster.controlPlane().pki().caPem();
    }

    private StartRequest.Builder existing(Path kubeconfig) {
        return StartRequest.builder(work).cluster("existing").existingKubeconfig(Optional.of(kubeconfig.toString()))
                .env(Map.of()).home(files).stopOnExit(false);
    }

    private List<ResourceCleaner> cleaners() {
        return List.of(new ClusterObjectCleaner());
    }

    private ClusterException startFails(StartRequest request) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new EnvtestStart(reporter, cleaners()).start(request));
        assertTrue(e instanceof ClusterException, "a cluster error, not " + e);
        assertFalse(Files.exists(work.resolve("session.json")), "nothing was recorded, so nothing was created");
        try (KubernetesClient admin = admin()) {
            // a namespace another test's stop deleted stays Terminating in envtest (no namespace controller): not counted
            assertEquals(List.of(), admin.namespaces().withLabel(ObjectOwnership.LABEL).list().getItems().stream()
                    .filter(n -> n.getMetadata().getDeletionTimestamp() == null).toList(), "no namespace created");
            assertEquals(List.of(), admin.serviceAccounts().inAnyNamespace().withLabel(ObjectOwnership.LABEL).list().getItems());
            assertEquals(List.of(), admin.configMaps().inAnyNamespace().withLabel(ObjectOwnership.LABEL).list().getItems());
        }
        return (ClusterException) e;
    }

    private IdentitiesRequest someIdentities() throws IOException {
        Path manifest = Files.writeString(files.resolve("ns.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: made-by-test
                """);
        return new IdentitiesRequest(List.of(), false, List.of(manifest), Map.of(),
                List.of(new ServiceAccountSpec("serviceAccounts[0]", "svc", "made-by-test", List.of(), List.of("view"), List.of(),
                        List.of(), Duration.ofHours(1), List.of())), Duration.ofSeconds(30));
    }

    @Test
    void aKubeconfigThatDoesNotExist() throws IOException {
        ClusterException e = startFails(existing(files.resolve("missing/config")).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains(files.resolve("missing/config") + " does not exist (from existingKubeconfig)"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: set -Denvtest.existingCluster.kubeconfig"), e.getMessage());
    }

    @Test
    void theDefaultKubeconfigIsTheHomeOneWhenNothingIsSet() {
        ClusterException e = startFails(StartRequest.builder(work).env(Map.of("USE_EXISTING_CLUSTER", "true")).home(files)
                .stopOnExit(false).build());
        assertTrue(e.getMessage().contains(files.resolve(".kube/config") + " does not exist (from the default ~/.kube/config"),
                e.getMessage());
    }

    @Test
    void aContextThatDoesNotExist() throws IOException {
        Path kubeconfig = cluster.controlPlane() == null ? null : Path.of(cluster.properties().get("envtest.kubeconfig"));
        ClusterException e = startFails(existing(kubeconfig).existingContext(Optional.of("staging")).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains("context \"staging\" is not in " + kubeconfig + " (it has: envtest-admin@envtest)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: set -Denvtest.existingCluster.context"), e.getMessage());
    }

    @Test
    void aClusterThatDoesNotAnswer() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path kubeconfig = Kubeconfig.withToken("https://127.0.0.1:" + closed, caPem(), "someone", "a-token", "default")
                .writeTo(files.resolve("unreachable"));
        ClusterException e = startFails(existing(kubeconfig).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains("the cluster does not answer at https://127.0.0.1:" + closed), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: start the cluster"), e.getMessage());
    }

    @Test
    void credentialsThatAreRefused() throws IOException {
        Path kubeconfig = Kubeconfig.withToken(cluster.controlPlane().hostUrl(), caPem(), "someone", "not-a-valid-token", "default")
                .writeTo(files.resolve("bad-token"));
        ClusterException e = startFails(existing(kubeconfig).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains("refused the credentials (HTTP 401 Unauthorized)"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: renew the credentials of user \"someone\""), e.getMessage());
        assertFalse(e.getMessage().contains("not-a-valid-token"), "the token is never in a message");
    }

    @Test
    void credentialsThatMayNotListNamespaces() throws IOException {
        Path kubeconfig = Kubeconfig.withToken(cluster.controlPlane().hostUrl(), caPem(), "no-access", noAccessToken, "default")
                .writeTo(files.resolve("no-access"));
        ClusterException e = startFails(existing(kubeconfig).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains("forbids listing namespaces (HTTP 403"), e.getMessage());
        assertFalse(e.getMessage().contains(noAccessToken), "the token is never in a message");
    }

    @Test
    void aServerCertificateTheKubeconfigsCaDoesNotVerify() throws IOException {
        String otherCa = CertificateAuthority.create("other", Duration.ofHours(1)).certificate().certificatePem();
        Path kubeconfig = Kubeconfig.withToken(cluster.controlPlane().hostUrl(), otherCa, "someone", "a-token", "default")
                .writeTo(files.resolve("other-ca"));
        ClusterException e = startFails(existing(kubeconfig).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains("TLS connection to " + cluster.controlPlane().hostUrl()) && e.getMessage().contains("could not be verified"),
                e.getMessage());
    }

    /** A kubeconfig that skips TLS verification and names no CA (a token user), for the two refusals below. */
    private Path insecureKubeconfig() throws IOException {
        return Files.writeString(files.resolve("insecure"), """
                apiVersion: v1
                kind: Config
                current-context: insecure
                clusters:
                - name: c
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: u
                  user:
                    token: a-token
                contexts:
                - name: insecure
                  context:
                    cluster: c
                    user: u
                """.formatted(cluster.controlPlane().hostUrl()));
    }

    @Test
    void insecureSkipTlsVerifyIsRefusedForContainers() throws IOException {
        dev.envtest.plugin.containers.ContainersStage containers = new dev.envtest.plugin.containers.ContainersStage(
                dev.envtest.plugin.containers.ContainerPlan.of(List.of(dev.envtest.plugin.containers.ContainerSpec.minimal("svc",
                        dev.envtest.plugin.containers.ImageSpec.pull("localhost/none:1", dev.envtest.plugin.containers.PullPolicy.NEVER),
                        new dev.envtest.plugin.containers.wait.RunningWait(Duration.ofSeconds(5))))),
                new dev.envtest.plugin.containers.ContainerCleaner());
        RuntimeException e = assertThrows(RuntimeException.class, () -> new EnvtestStart(reporter, cleaners()).withContainers(containers)
                .start(existing(insecureKubeconfig()).build()));
        assertTrue(e.getMessage().contains("sets insecure-skip-tls-verify, but containers get credentials only with TLS verified"),
                e.getMessage());
        assertFalse(Files.exists(work.resolve("session.json")));
    }

    @Test
    void aKubeconfigWithoutACaIsRefusedForServiceAccounts() throws IOException {
        ClusterException e = startFails(existing(insecureKubeconfig()).identities(someIdentities()).build());
        assertTrue(e.getMessage().contains("names no certificate-authority") && e.getMessage().contains("certificate-authority-data"),
                e.getMessage());
    }

    @Test
    void aFailureAfterObjectsWereCreatedDeletesThem() throws IOException {
        Path manifest = Files.writeString(files.resolve("bad.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: undone
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: fine
                  namespace: undone
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: rejected
                  namespace: undone
                notAField: true
                """);
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(manifest), Map.of(), List.of(),
                Duration.ofSeconds(30));
        RuntimeException e = assertThrows(RuntimeException.class, () -> new EnvtestStart(reporter, cleaners())
                .start(existing(Path.of(cluster.properties().get("envtest.kubeconfig"))).identities(identities).build()));
        assertTrue(e.getMessage().contains("rejected"), e.getMessage());
        try (KubernetesClient c = admin()) {
            assertNull(c.configMaps().inNamespace("undone").withName("fine").get(), "created before the failure, deleted after it");
            Namespace ns = c.namespaces().withName("undone").get();
            assertTrue(ns == null || ns.getMetadata().getDeletionTimestamp() != null, "gone or Terminating");
        }
        assertFalse(Files.exists(work.resolve("session.json")), "everything recorded was deleted");
    }

    @Test
    void theNextStartDeletesWhatAKilledRunLeft() throws IOException {
        Path kubeconfig = Path.of(cluster.properties().get("envtest.kubeconfig"));
        Path manifest = Files.writeString(files.resolve("left.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: left-behind
                  namespace: default
                """);
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(manifest), Map.of(), List.of(),
                Duration.ofSeconds(30));
        // a run that never reaches stop (killed): its record stays in the work directory
        StartedEnvtest killed = new EnvtestStart(reporter, cleaners()).start(existing(kubeconfig).identities(identities).build());
        try (KubernetesClient c = admin()) {
            assertEquals(killed.session().sessionId(),
                    labels(c.configMaps().inNamespace("default").withName("left-behind").get()).get(ObjectOwnership.LABEL));
        }
        // the next start in the same work directory, with nothing to create, reaps it first
        new EnvtestStart(reporter, cleaners()).start(existing(kubeconfig).build());
        try (KubernetesClient c = admin()) {
            assertNull(c.configMaps().inNamespace("default").withName("left-behind").get());
        }
        assertTrue(reporter.lines().stream().anyMatch(l -> l.contains("Reaped what an earlier run") && l.contains("1 Kubernetes object")),
                reporter.lines().toString());
        new EnvtestStop(reporter, cleaners(), null).stop(work);
        assertFalse(Files.exists(work.resolve("session.json")));
    }

    @Test
    void theRunsOwnKubeconfigPathIsRefusedAsTheInput() {
        ClusterException e = startFails(existing(work.resolve("kubeconfig")).build());
        assertTrue(e.getMessage().contains("is where this run writes its own admin kubeconfig"), e.getMessage());
    }

    @Test
    void doctorRunsTheSamePreflightAndCreatesNothing() throws IOException {
        dev.envtest.plugin.doctor.Doctor doctor = new dev.envtest.plugin.doctor.Doctor(Reporter.silent());
        dev.envtest.plugin.doctor.Finding good = doctor.examine(existing(Path.of(cluster.properties().get("envtest.kubeconfig"))).build(),
                Optional.empty(), "Maven test").finding("cluster");
        assertFalse(good.failed(), good.render().toString());
        assertTrue(String.join("\n", good.lines()).contains("credentials accepted, Kubernetes " + KubernetesVersion.DEFAULT),
                good.render().toString());
        Path refused = Kubeconfig.withToken(cluster.controlPlane().hostUrl(), caPem(), "someone", "not-a-valid-token", "default")
                .writeTo(files.resolve("doctor-bad-token"));
        dev.envtest.plugin.doctor.Diagnosis bad = doctor.examine(existing(refused).build(), Optional.empty(), "Maven test");
        assertTrue(bad.failed());
        assertTrue(String.join("\n", bad.finding("cluster").lines()).contains("HTTP 401"), bad.finding("cluster").render().toString());
        assertFalse(bad.finding("binaries").failed(), "no binaries are needed for an existing cluster");
        assertFalse(Files.exists(work.resolve("session.json")));
    }

    @Test
    void webhooksAreRefusedWithTheReason() throws IOException {
        dev.envtest.plugin.webhooks.WebhooksRequest webhooks = new dev.envtest.plugin.webhooks.WebhooksRequest(List.of(),
                List.of(new dev.envtest.plugin.webhooks.HostWebhook("hook", 0)));
        RuntimeException e = assertThrows(RuntimeException.class, () -> new EnvtestStart(reporter, cleaners()).withWebhooks(webhooks)
                .start(existing(Path.of(cluster.properties().get("envtest.kubeconfig"))).build()));
        assertTrue(e.getMessage().contains("cluster=existing does not serve webhooks") && e.getMessage().contains("envtest CA"), e.getMessage());
        assertFalse(Files.exists(work.resolve("session.json")));
    }

    @Test
    void onlyWhatTheRunCreatedIsLabelledAndStopDeletesExactlyThat() throws IOException {
        try (KubernetesClient admin = admin()) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName("existed").endMetadata().build()).create();
            admin.resource(new ConfigMapBuilder().withNewMetadata().withName("kept").withNamespace("existed").endMetadata()
                    .addToData("owner", "test").build()).create();
        }
        Path manifest = Files.writeString(files.resolve("objects.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: existed
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: created
                  namespace: existed
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: run-owned
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: inside
                  namespace: run-owned
                """);
        // the user's kubeconfig: a copy of the admin one beside a relative CA file; it must never be written
        Path userDir = Files.createDirectories(files.resolve("user-kube"));
        Files.writeString(userDir.resolve("ca.crt"), caPem());
        String admin = Files.readString(Path.of(cluster.properties().get("envtest.kubeconfig")));
        Path userKubeconfig = Files.writeString(userDir.resolve("config"),
                admin.replaceFirst("certificate-authority-data: \\S+", "certificate-authority: ca.crt"));
        byte[] userBytes = Files.readAllBytes(userKubeconfig);
        FileTime userModified = Files.getLastModifiedTime(userKubeconfig);

        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(manifest), Map.of(),
                List.of(new ServiceAccountSpec("serviceAccounts[0]", "svc", "run-owned", List.of(), List.of("view"), List.of(),
                        List.of(), Duration.ofHours(1), List.of())), Duration.ofSeconds(30));
        Path stateHome = files.resolve("home");
        StartedEnvtest started = new EnvtestStart(reporter, cleaners()).start(StartRequest.builder(work).cluster(null)
                .existingKubeconfig(Optional.empty()).env(Map.of("USE_EXISTING_CLUSTER", "true", "KUBECONFIG", userKubeconfig.toString()))
                .home(stateHome).stopOnExit(false).identities(identities).build());
        String session = started.session().sessionId();
        Map<String, String> exported = started.properties().asMap();
        assertEquals("existing", exported.get("envtest.cluster.mode"));
        assertEquals(cluster.controlPlane().hostUrl(), exported.get("envtest.url"));
        assertFalse(exported.containsKey("envtest.etcd.url") || exported.containsKey("envtest.admin.key"), exported.keySet().toString());
        Path copy = Path.of(exported.get("envtest.kubeconfig"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        assertTrue(Files.readString(copy).contains(userDir.resolve("ca.crt").toString()), "the relative CA made absolute");
        assertTrue(reporter.lines().stream().anyMatch(l -> l.contains("USE_EXISTING_CLUSTER=true")), reporter.lines().toString());
        String token = exported.get("envtest.sa.svc.token");
        assertNotNull(token);
        assertFalse(reporter.lines().stream().anyMatch(l -> l.contains(token)), "no token in the log");

        try (KubernetesClient c = admin()) {
            assertNull(labels(c.namespaces().withName("existed").get()).get(ObjectOwnership.LABEL), "existed: not labelled");
            assertNull(labels(c.configMaps().inNamespace("existed").withName("kept").get()).get(ObjectOwnership.LABEL));
            assertEquals(session, labels(c.configMaps().inNamespace("existed").withName("created").get()).get(ObjectOwnership.LABEL));
            assertEquals(session, labels(c.namespaces().withName("run-owned").get()).get(ObjectOwnership.LABEL));
            assertEquals(session, labels(c.serviceAccounts().inNamespace("run-owned").withName("svc").get()).get(ObjectOwnership.LABEL));
        }
        SessionFile record = SessionFile.load(work.resolve("session.json")).orElseThrow();
        List<String> recorded = record.resources().stream().filter(r -> SessionFile.OBJECT.equals(r.kind)).map(r -> r.name).toList();
        assertEquals(List.of("Namespace/run-owned", "existed/ConfigMap/created", "run-owned/ConfigMap/inside",
                "run-owned/ServiceAccount/svc", "run-owned/RoleBinding/envtest:svc:view"), recorded);
        assertTrue(Files.readString(work.resolve("session.json")).contains(userKubeconfig.toString()), "the cluster's kubeconfig path");
        assertFalse(Files.readString(work.resolve("session.json")).contains(token));

        // stop from "another Maven run": a new EnvtestStop reading only the record
        Stopped stopped = new EnvtestStop(reporter, cleaners(), null).stop(work);
        assertEquals(5, stopped.objects().size(), stopped.describe());
        assertEquals("Namespace/run-owned", stopped.objects().get(stopped.objects().size() - 1), "the namespace after its content");
        try (KubernetesClient c = admin()) {
            assertNull(c.configMaps().inNamespace("existed").withName("created").get());
            assertNull(c.configMaps().inNamespace("run-owned").withName("inside").get());
            assertNull(c.serviceAccounts().inNamespace("run-owned").withName("svc").get());
            Namespace ns = c.namespaces().withName("run-owned").get();
            assertTrue(ns == null || ns.getMetadata().getDeletionTimestamp() != null, "gone, or Terminating (envtest has no namespace controller)");
            Namespace existed = c.namespaces().withName("existed").get();
            assertNotNull(existed);
            assertNull(existed.getMetadata().getDeletionTimestamp());
            ConfigMap kept = c.configMaps().inNamespace("existed").withName("kept").get();
            assertEquals("test", kept.getData().get("owner"));
            assertNotNull(c.namespaces().withName("default").get());
        }
        assertFalse(Files.exists(work.resolve("session.json")), "every object deleted: the record is gone");
        assertTrue(java.util.Arrays.equals(userBytes, Files.readAllBytes(userKubeconfig)), "the user's kubeconfig is unchanged");
        assertEquals(userModified, Files.getLastModifiedTime(userKubeconfig));
    }

    @Test
    void aSecondRunApplyingWhatTheFirstCreatedLeavesTheFirstsLabelSoItsStopDeletesIt() throws IOException {
        Path manifest = Files.writeString(files.resolve("shared.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: applied-by-both
                  namespace: default
                data:
                  from: manifest
                """);
        IdentitiesRequest identities = new IdentitiesRequest(List.of(), false, List.of(manifest), Map.of(), List.of(),
                Duration.ofSeconds(30));
        Path kubeconfig = Path.of(cluster.properties().get("envtest.kubeconfig"));
        Path secondWork = files.resolve("second-run");
        StartedEnvtest first = new EnvtestStart(reporter, cleaners()).start(existing(kubeconfig).identities(identities).build());
        StartedEnvtest second = new EnvtestStart(reporter, cleaners()).start(StartRequest.builder(secondWork).cluster("existing")
                .existingKubeconfig(Optional.of(kubeconfig.toString())).env(Map.of()).home(files).stopOnExit(false)
                .identities(identities).build());
        try (KubernetesClient c = admin()) {
            // each run applies under its own field manager: the second's apply (no label: the object is not its own)
            // does not take away the label the first one's apply set
            ConfigMap shared = c.configMaps().inNamespace("default").withName("applied-by-both").get();
            assertEquals(first.session().sessionId(), labels(shared).get(ObjectOwnership.LABEL));
            assertTrue(shared.getMetadata().getManagedFields().stream()
                    .anyMatch(f -> f.getManager().equals("envtest-maven-plugin-" + second.session().sessionId())),
                    "the second run's own field manager");
        }
        assertEquals(0, new EnvtestStop(reporter, cleaners(), null).stop(secondWork).objects().size(), "the second created nothing");
        try (KubernetesClient c = admin()) {
            assertNotNull(c.configMaps().inNamespace("default").withName("applied-by-both").get(), "the second's stop left it");
        }
        assertEquals(List.of("default/ConfigMap/applied-by-both"), new EnvtestStop(reporter, cleaners(), null).stop(work).objects());
        try (KubernetesClient c = admin()) {
            assertNull(c.configMaps().inNamespace("default").withName("applied-by-both").get(), "the first's stop deleted it");
        }
    }

    private static Map<String, String> labels(io.fabric8.kubernetes.api.model.HasMetadata o) {
        assertNotNull(o, "exists");
        return o.getMetadata().getLabels() == null ? new HashMap<>() : o.getMetadata().getLabels();
    }
}
