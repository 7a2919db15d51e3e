package dev.envtest.plugin.identities;

import dev.envtest.plugin.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig with one cluster, one user and one context, credentials inline so the file works wherever it is
 * copied (a container, another machine). It always carries the CA: never insecure-skip-tls-verify.
 */
public final class Kubeconfig {

    private final String clusterName;
    private final String server;
    private final String caPem;
    private final String userName;
    private final String credentials;
    private final String namespace;

    private Kubeconfig(String clusterName, String server, String caPem, String userName, String credentials, String namespace) {
        this.clusterName = clusterName;
        this.server = server;
        this.caPem = caPem;
        this.userName = userName;
        this.credentials = credentials;
        this.namespace = namespace;
    }

    /** A user authenticated by a client certificate and key (PEM). */
    public static Kubeconfig withClientCertificate(String server, String caPem, String user, String certPem, String keyPem) {
        String creds = "    client-certificate-data: " + base64(certPem) + "\n"
                + "    client-key-data: " + base64(keyPem) + "\n";
        return new Kubeconfig("envtest", server, caPem, user, creds, null);
    }

    /** A user authenticated by a bearer token (a ServiceAccount's TokenRequest token). */
    public static Kubeconfig withToken(String server, String caPem, String user, String token, String namespace) {
        return new Kubeconfig("envtest", server, caPem, user, "    token: " + quote(token) + "\n", namespace);
    }

    public String render() {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + clusterName + "\n"
                + "  cluster:\n"
                + "    server: " + quote(server) + "\n"
                + "    certificate-authority-data: " + base64(caPem) + "\n"
                + "users:\n"
                + "- name: " + quote(userName) + "\n"
                + "  user:\n"
                + credentials
                + "contexts:\n"
                + "- name: " + quote(userName + "@" + clusterName) + "\n"
                + "  context:\n"
                + "    cluster: " + clusterName + "\n"
                + "    user: " + quote(userName) + "\n"
                + (namespace == null ? "" : "    namespace: " + quote(namespace) + "\n")
                + "current-context: " + quote(userName + "@" + clusterName) + "\n"
                + "preferences: {}\n";
    }

    /** Written owner-readable only: it holds credentials. */
    public Path writeTo(Path file) {
        return Pem.writeSecret(file, render());
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
