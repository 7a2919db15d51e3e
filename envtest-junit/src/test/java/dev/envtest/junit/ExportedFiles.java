package dev.envtest.junit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What the plugin's start goal leaves in a work directory, written the way it writes it (the property names of
 * properties.md, identities.md and containers.md; kubeconfigs with the CA and a token inline), for a plugin-free test.
 */
final class ExportedFiles {

    static final String URL = "https://127.0.0.1:40321";
    static final String CONTAINER_URL = "https://host.containers.internal:40321";

    final Path work;
    final Map<String, String> properties = new LinkedHashMap<>();
    private final String caPem;

    ExportedFiles(Path work) {
        this.work = work;
        this.caPem = selfSignedCa();
        write(work.resolve("pki/ca.crt"), caPem);
        properties.put("envtest.url", URL);
        properties.put("envtest.container.url", CONTAINER_URL);
        properties.put("envtest.kubeconfig", write(work.resolve("kubeconfig"), kubeconfig(URL, "envtest-admin", "admin-token", null)).toString());
        properties.put("envtest.container.kubeconfig",
                write(work.resolve("container-kubeconfig"), kubeconfig(CONTAINER_URL, "envtest-admin", "admin-token", null)).toString());
        properties.put("envtest.ca", work.resolve("pki/ca.crt").toString());
        properties.put("envtest.port", "40321");
        properties.put("envtest.container.host", "host.containers.internal");
        properties.put("envtest.container.addHost", "");
        properties.put("envtest.kubernetes.version", "1.34.2");
        properties.put("envtest.workDirectory", work.toString());
        properties.put("envtest.properties", work.resolve("envtest.properties").toString());
    }

    /** A ServiceAccount exported under {@code prefix} (envtest.sa.name. or envtest.sa.namespace.name.). */
    ExportedFiles serviceAccount(String prefix, String namespace, String name) {
        Path dir = work.resolve("identities").resolve(namespace).resolve(name);
        String token = "token-of-" + namespace + "-" + name;
        properties.put(prefix + "name", name);
        properties.put(prefix + "namespace", namespace);
        properties.put(prefix + "username", "system:serviceaccount:" + namespace + ":" + name);
        properties.put(prefix + "token", token);
        properties.put(prefix + "tokenFile", write(dir.resolve("token"), token).toString());
        properties.put(prefix + "tokenExpiration", "2026-12-02T19:00:00Z");
        properties.put(prefix + "kubeconfig", write(dir.resolve("kubeconfig"), kubeconfig(URL, name, token, namespace)).toString());
        properties.put(prefix + "container.kubeconfig",
                write(dir.resolve("container-kubeconfig"), kubeconfig(CONTAINER_URL, name, token, namespace)).toString());
        properties.put(prefix + "inCluster", dir.resolve("serviceaccount").toString());
        properties.put(prefix + "inCluster.env", dir.resolve("in-cluster.env").toString());
        return this;
    }

    /** A container publishing {@code ports} (container port, host port, ...). */
    ExportedFiles container(String name, int... ports) {
        String p = "envtest.containers." + name + ".";
        properties.putIfAbsent("envtest.containers.network", "envtest-5b1eef54");
        properties.put(p + "id", "5c0f" + name.hashCode());
        properties.put(p + "name", "envtest-5b1eef54-" + name);
        properties.put(p + "host", "127.0.0.1");
        for (int i = 0; i < ports.length; i += 2) {
            properties.put(p + "port." + ports[i], Integer.toString(ports[i + 1]));
            properties.put(p + "url." + ports[i], "http://127.0.0.1:" + ports[i + 1]);
        }
        properties.put(p + "log", work.resolve("logs/" + name + ".log").toString());
        return this;
    }

    Path write() {
        Properties out = new Properties();
        out.putAll(properties);
        try (Writer w = Files.newBufferedWriter(work.resolve("envtest.properties"))) {
            out.store(w, "written by a test, as envtest:start writes it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work.resolve("envtest.properties");
    }

    private String kubeconfig(String server, String user, String token, String namespace) {
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: envtest\n  cluster:\n"
                + "    server: \"" + server + "\"\n"
                + "    certificate-authority-data: " + Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "users:\n- name: \"" + user + "\"\n  user:\n    token: \"" + token + "\"\n"
                + "contexts:\n- name: \"" + user + "@envtest\"\n  context:\n    cluster: envtest\n    user: \"" + user + "\"\n"
                + (namespace == null ? "" : "    namespace: \"" + namespace + "\"\n")
                + "current-context: \"" + user + "@envtest\"\n";
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String selfSignedCa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=envtest-junit test CA");
            Instant now = Instant.now();
            var certificate = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(1, ChronoUnit.HOURS)),
                    Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(certificate);
            }
            return pem.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
