package dev.envtest.plugin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's kubeconfig: read only, one context chosen, relative files resolved against its directory. */
class UserKubeconfigTest {

    @TempDir
    Path dir;

    private static final String TWO_CONTEXTS = """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster:
                server: https://127.0.0.1:6443/
                certificate-authority: certs/ca.crt
            - name: prod-cluster
              cluster:
                server: https://prod.example:443
                insecure-skip-tls-verify: true
            users:
            - name: dev-user
              user:
                client-certificate: certs/user.crt
                client-key: /abs/user.key
                tokenFile: token
            - name: oidc-user
              user:
                auth-provider:
                  name: oidc
                  config:
                    id-token: an-id-token
                    refresh-token: a-refresh-token
                    idp-issuer-url: https://issuer.example
                    client-id: cli
            contexts:
            - name: dev
              context:
                cluster: dev-cluster
                user: dev-user
                namespace: team
            - name: prod
              context:
                cluster: prod-cluster
                user: oidc-user
            """;

    private KubeconfigLocation write(String text) throws Exception {
        Path file = dir.resolve("kube").resolve("config");
        Files.createDirectories(file.getParent().resolve("certs"));
        Files.writeString(file.getParent().resolve("certs/ca.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Files.writeString(file, text);
        return new KubeconfigLocation(file, "a test");
    }

    @Test
    void theCurrentContextByDefaultWithRelativeFilesMadeAbsolute() throws Exception {
        KubeconfigLocation location = write(TWO_CONTEXTS);
        UserKubeconfig kc = UserKubeconfig.read(location, Optional.empty());
        assertEquals("dev", kc.context());
        assertEquals("https://127.0.0.1:6443", kc.server());
        assertEquals("team", kc.namespace());
        assertFalse(kc.insecureSkipTlsVerify());
        assertTrue(kc.caPem().orElseThrow().contains("BEGIN CERTIFICATE"));
        String yaml = kc.singleContextYaml("https://host.containers.internal:6443");
        Path base = location.path().getParent();
        assertTrue(yaml.contains(base.resolve("certs/ca.crt").toString()), yaml);
        assertTrue(yaml.contains(base.resolve("certs/user.crt").toString()), yaml);
        assertTrue(yaml.contains(base.resolve("token").toString()), yaml);
        assertTrue(yaml.contains("/abs/user.key"), yaml);
        assertTrue(yaml.contains("https://host.containers.internal:6443"), yaml);
        assertFalse(yaml.contains("prod"), "only the chosen context: " + yaml);
        assertTrue(yaml.contains("current-context: \"dev\"") || yaml.contains("current-context: dev"), yaml);
    }

    @Test
    void theClientConfigKnowsNoFileSoNothingCanBePersistedIntoIt() throws Exception {
        KubeconfigLocation location = write(TWO_CONTEXTS);
        byte[] before = Files.readAllBytes(location.path());
        FileTime modified = Files.getLastModifiedTime(location.path());
        UserKubeconfig kc = UserKubeconfig.read(location, Optional.of("prod"));
        Config config = kc.clientConfig();
        assertEquals("https://prod.example:443/", config.getMasterUrl());
        assertTrue(kc.insecureSkipTlsVerify());
        // fabric8 writes refreshed OIDC tokens into Config.getFile(): there is none
        assertEquals(null, config.getFile());
        assertEquals(null, config.getFileWithAuthInfo());
        assertEquals(null, config.getFileWithCluster());
        assertEquals("default", config.getNamespace());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(location.path())));
        assertEquals(modified, Files.getLastModifiedTime(location.path()));
    }

    @Test
    void aMissingFileAnUnknownContextAndNoCurrentContextEachNameTheFix() throws Exception {
        ClusterException missing = assertThrows(ClusterException.class,
                () -> UserKubeconfig.read(new KubeconfigLocation(dir.resolve("nope"), "KUBECONFIG"), Optional.empty()));
        assertTrue(missing.getMessage().contains(dir.resolve("nope") + " does not exist (from KUBECONFIG)")
                && missing.getMessage().contains("-Denvtest.existingCluster.kubeconfig"), missing.getMessage());
        KubeconfigLocation location = write(TWO_CONTEXTS);
        ClusterException context = assertThrows(ClusterException.class, () -> UserKubeconfig.read(location, Optional.of("staging")));
        assertTrue(context.getMessage().contains("context \"staging\" is not in") && context.getMessage().contains("it has: dev, prod")
                && context.getMessage().contains("-Denvtest.existingCluster.context"), context.getMessage());
        KubeconfigLocation broken = write("users:\n- name: u\n  user:\n    token: s3cr3t-t0ken: [unclosed\n");
        ClusterException yaml = assertThrows(ClusterException.class, () -> UserKubeconfig.read(broken, Optional.empty()));
        assertTrue(yaml.getMessage().contains("is not a kubeconfig (unreadable"), yaml.getMessage());
        assertFalse(yaml.getMessage().contains("s3cr3t"), "the parser's words quote the file: " + yaml.getMessage());
        assertEquals(null, yaml.getCause(), "nor in a cause that -e would print");
        KubeconfigLocation none = write(TWO_CONTEXTS.replace("current-context: dev\n", ""));
        ClusterException current = assertThrows(ClusterException.class, () -> UserKubeconfig.read(none, Optional.empty()));
        assertTrue(current.getMessage().contains("no current-context") && current.getMessage().contains("dev, prod"), current.getMessage());
    }
}
