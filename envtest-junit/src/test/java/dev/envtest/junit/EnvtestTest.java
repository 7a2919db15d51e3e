package dev.envtest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed access over an envtest.properties (and the kubeconfigs it names) as the start goal writes them. */
class EnvtestTest {

    @TempDir
    Path work;

    private Envtest envtest() {
        return Envtest.load(new ExportedFiles(work)
                .serviceAccount("envtest.sa.reader-client.", "default", "reader-client")
                .serviceAccount("envtest.sa.default.worker.", "default", "worker")
                .serviceAccount("envtest.sa.jobs.worker.", "jobs", "worker")
                .container("datastorage", 8080, 41234, 8081, 41235)
                .container("redis", 6379, 41236)
                .write());
    }

    @Test
    void theControlPlaneValuesAreTyped() {
        Envtest envtest = envtest();
        assertEquals(URI.create(ExportedFiles.URL), envtest.url());
        assertEquals(URI.create(ExportedFiles.CONTAINER_URL), envtest.containerUrl());
        assertEquals("host.containers.internal", envtest.containerHost());
        assertTrue(envtest.containerAddHost().isEmpty(), "an empty addHost is none");
        assertEquals(work.resolve("pki/ca.crt"), envtest.ca());
        assertEquals(work.resolve("kubeconfig"), envtest.kubeconfig());
        assertEquals(work.resolve("container-kubeconfig"), envtest.containerKubeconfig());
        assertEquals("1.34.2", envtest.kubernetesVersion());
        assertEquals(work, envtest.workDirectory());
        assertEquals("40321", envtest.property("envtest.port"));
        assertEquals(work.resolve("envtest.properties").toAbsolutePath(), envtest.file());
    }

    @Test
    void aMissingPropertyListsTheOnesThere() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> envtest().property("envtest.etcd.url"));
        assertTrue(e.getMessage().startsWith("envtest.etcd.url is not in " + work.resolve("envtest.properties")), e.getMessage());
        assertTrue(e.getMessage().contains("envtest.url"), e.getMessage());
    }

    @Test
    void serviceAccountsByNameAndByNamespaceWhenTheNameIsInSeveral() {
        Envtest envtest = envtest();
        assertEquals(List.of("default/worker", "jobs/worker", "reader-client"), envtest.serviceAccounts());
        assertEquals("reader-client", envtest.serviceAccount("default/reader-client").name(), "namespace/name works for a unique name too");
        ServiceAccountCredentials reader = envtest.serviceAccount("reader-client");
        assertEquals("reader-client", reader.name());
        assertEquals("default", reader.namespace());
        assertEquals("system:serviceaccount:default:reader-client", reader.username());
        assertTrue(reader.token().equals("token-of-default-reader-client"));
        assertEquals(work.resolve("identities/default/reader-client/token"), reader.tokenFile());
        assertEquals(Instant.parse("2026-12-02T19:00:00Z"), reader.tokenExpiration());
        assertEquals(work.resolve("identities/default/reader-client/kubeconfig"), reader.kubeconfig());
        assertEquals(work.resolve("identities/default/reader-client/container-kubeconfig"), reader.containerKubeconfig());
        assertEquals(work.resolve("identities/default/reader-client/serviceaccount"), reader.inCluster());
        assertEquals(work.resolve("identities/default/reader-client/in-cluster.env"), reader.inClusterEnv());
        assertEquals("jobs", envtest.serviceAccount("jobs/worker").namespace());
        assertEquals("default", envtest.serviceAccount("default/worker").namespace());
    }

    @Test
    void aServiceAccountNeverShowsItsToken() {
        ServiceAccountCredentials reader = envtest().serviceAccount("reader-client");
        assertEquals("ServiceAccount default/reader-client", reader.toString());
        assertFalse(envtest().toString().contains("token-of"), envtest().toString());
    }

    @Test
    void anUnknownServiceAccountListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> envtest().serviceAccount("writer-client"));
        assertEquals("no ServiceAccount writer-client in " + work.resolve("envtest.properties") + "; known: default/worker,"
                + " jobs/worker, reader-client. Fix: use one of those, or declare it in the plugin's <serviceAccounts>.",
                e.getMessage());
    }

    @Test
    void aNameInSeveralNamespacesMustBeQualified() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> envtest().clientFor("worker"));
        assertEquals("ServiceAccount worker is declared in several namespaces: name one of [default/worker, jobs/worker]", e.getMessage());
    }

    @Test
    void containersByNameWithTheirPublishedPorts() {
        Envtest envtest = envtest();
        assertEquals(List.of("datastorage", "redis"), envtest.containers());
        PublishedContainer ds = envtest.container("datastorage");
        assertEquals("127.0.0.1", ds.host());
        assertEquals(41234, ds.port(8080));
        assertEquals(URI.create("http://127.0.0.1:41235"), ds.url(8081));
        assertEquals(Map.of(8080, 41234, 8081, 41235), ds.ports());
        assertEquals("envtest-5b1eef54-datastorage", ds.engineName());
        assertEquals(work.resolve("logs/datastorage.log"), ds.log());
        assertFalse(ds.id().isEmpty());
    }

    @Test
    void anUnknownContainerOrPortListsTheKnownOnes() {
        IllegalArgumentException container = assertThrows(IllegalArgumentException.class, () -> envtest().container("postgres"));
        assertEquals("no container postgres in " + work.resolve("envtest.properties") + "; known: datastorage, redis."
                + " Fix: use one of those, or declare it in the plugin's <containers>.", container.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> envtest().container("redis").url(6380));
        assertEquals("container redis publishes no port 6380; published: [6379]. Fix: use one of those, or add it to the"
                + " container's <ports> in the plugin's configuration.", port.getMessage());
    }

    @Test
    void noServiceAccountsAndNoContainersSayNone() {
        Envtest bare = Envtest.load(new ExportedFiles(work).write());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bare.clientFor("x")).getMessage().contains("; known: none."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> bare.container("x")).getMessage().contains("; known: none."));
    }

    @Test
    void clientsAreBuiltFromTheKubeconfigsWithTheCaAndWithoutTrustingAll() {
        Envtest envtest = envtest();
        try (KubernetesClient admin = envtest.adminClient(); KubernetesClient reader = envtest.clientFor("reader-client");
                KubernetesClient jobs = envtest.serviceAccount("jobs/worker").client()) {
            assertEquals(ExportedFiles.URL + "/", admin.getMasterUrl().toString());
            assertFalse(admin.getConfiguration().isTrustCerts());
            assertTrue(admin.getConfiguration().getCaCertData() != null, "the CA from the kubeconfig");
            assertEquals(ExportedFiles.URL + "/", reader.getMasterUrl().toString());
            assertEquals("default", reader.getNamespace());
            assertTrue("token-of-default-reader-client".equals(reader.getConfiguration().getAutoOAuthToken()), "the reader's token");
            assertEquals("jobs", jobs.getNamespace());
        }
    }

    @Test
    void anUnreadableKubeconfigNamesTheFile() throws Exception {
        Envtest envtest = envtest();
        Files.delete(envtest.kubeconfig());
        RuntimeException e = assertThrows(RuntimeException.class, envtest::adminClient);
        assertTrue(e.getMessage().startsWith("cannot read the kubeconfig " + work.resolve("kubeconfig")), e.getMessage());
    }
}
