package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup of a container's serviceAccount, and what each credentials mode puts into the container. */
class CredentialsTest {

    @TempDir
    Path dir;

    private ContainerCredentials credentials(String namespace, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(namespace).resolve(name));
        return new ContainerCredentials(namespace, name, Files.writeString(d.resolve("token"), "tok-" + name + "\n"),
                Files.writeString(d.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n"),
                Files.writeString(d.resolve("container-kubeconfig"), "apiVersion: v1\nkind: Config\n"),
                "host.containers.internal", "34567");
    }

    /** What a launch does: the variables at create, the files at start. */
    private static void inject(ServiceAccountRef ref, ContainerCredentials c, Map<String, String> env, CopyArchive files) {
        CredentialsInjection.env(ref, new ApiServerAddress(c.kubernetesServiceHost(), c.kubernetesServicePort()), env);
        CredentialsInjection.files(ref, c, files);
    }

    @Test
    void aBareNameResolvesWhenUniqueAndPrefersDefaultWhenNot() throws IOException {
        CredentialsSource source = CredentialsSource.of(List.of(credentials("default", "reader"), credentials("team", "reader"),
                credentials("team", "writer")));
        assertEquals("default/reader", source.resolve("reader", "app").qualifiedName());
        assertEquals("team/reader", source.resolve("team/reader", "app").qualifiedName());
        assertEquals("team/writer", source.resolve("writer", "app").qualifiedName());
    }

    @Test
    void anUnknownServiceAccountListsTheProvisionedOnes() throws IOException {
        CredentialsSource source = CredentialsSource.of(List.of(credentials("default", "data-storage-sa")));
        ContainerException e = assertThrows(ContainerException.class, () -> source.resolve("data-storage", "datastorage"));
        assertTrue(e.getMessage().contains("container 'datastorage': serviceAccount 'data-storage' is not a ServiceAccount this build"
                + " provisions (known: default/data-storage-sa)"), e.getMessage());
        ContainerException none = assertThrows(ContainerException.class, () -> CredentialsSource.none().resolve("x", "c"));
        assertTrue(none.getMessage().contains("it provisions none"), none.getMessage());
    }

    @Test
    void ambiguousOutsideDefaultAsksForTheNamespace() throws IOException {
        CredentialsSource source = CredentialsSource.of(List.of(credentials("a", "svc"), credentials("b", "svc")));
        ContainerException e = assertThrows(ContainerException.class, () -> source.resolve("svc", "c"));
        assertTrue(e.getMessage().contains("is ambiguous (a/svc, b/svc)"), e.getMessage());
    }

    @Test
    void inClusterPutsTheBundleAndTheServiceVariables() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        CopyArchive files = new CopyArchive();
        inject(new ServiceAccountRef("reader", CredentialsMode.IN_CLUSTER, null), credentials("team", "reader"), env, files);
        assertEquals(Map.of("KUBERNETES_SERVICE_HOST", "host.containers.internal", "KUBERNETES_SERVICE_PORT", "34567"), env);
        Map<String, String> content = new LinkedHashMap<>();
        files.entries().forEach(e -> content.put(e.path() + " " + Integer.toOctalString(e.mode()), new String(e.content(), StandardCharsets.UTF_8)));
        assertEquals(Map.of(
                "/var/run/secrets/kubernetes.io/serviceaccount/token 644", "tok-reader",
                "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt 644", "-----BEGIN CERTIFICATE-----\n",
                "/var/run/secrets/kubernetes.io/serviceaccount/namespace 644", "team"), content);
    }

    @Test
    void kubeconfigModeCopiesTheContainerKubeconfigAndSetsKubeconfigUnlessThePomDoes() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        CopyArchive files = new CopyArchive();
        inject(new ServiceAccountRef("reader", CredentialsMode.KUBECONFIG, "/tmp/kubeconfig"), credentials("default", "reader"), env, files);
        assertEquals(Map.of("KUBECONFIG", "/tmp/kubeconfig"), env);
        assertEquals(1, files.entries().size());
        assertEquals("/tmp/kubeconfig", files.entries().get(0).path());

        Map<String, String> own = new LinkedHashMap<>(Map.of("KUBECONFIG", "/etc/other"));
        inject(new ServiceAccountRef("reader", CredentialsMode.KUBECONFIG, "/tmp/kubeconfig"), credentials("default", "r2"), own, new CopyArchive());
        assertEquals("/etc/other", own.get("KUBECONFIG"));
    }

    @Test
    void modesParseLeniently() {
        assertEquals(CredentialsMode.IN_CLUSTER, CredentialsMode.parse(null, "c"));
        assertEquals(CredentialsMode.IN_CLUSTER, CredentialsMode.parse("in-cluster", "c"));
        assertEquals(CredentialsMode.KUBECONFIG, CredentialsMode.parse("kubeConfig", "c"));
        assertTrue(assertThrows(ContainerException.class, () -> CredentialsMode.parse("env", "c")).getMessage()
                .contains("credentials 'env' is not one of inCluster, kubeconfig"));
        assertEquals(PullPolicy.ALWAYS, PullPolicy.parse("Always", "c"));
        assertTrue(assertThrows(ContainerException.class, () -> PullPolicy.parse("sometimes", "c")).getMessage()
                .contains("pullPolicy 'sometimes'"));
    }
}
