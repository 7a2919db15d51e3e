package dev.envtest.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin as it is installed (after {@code package}): a jar that bundles its libraries, and a pom that declares
 * none of them, so that Maven builds no model of ~40 dependency poms before each run's first goal of the plugin.
 * The nested builds of it/doctor, it/reliability and it/registry load exactly this jar and pom.
 */
class PluginPackagingIT {

    private static final Path TARGET = Path.of(System.getProperty("plugin.build.directory", "target"));

    private static Path pluginJar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().matches("envtest-maven-plugin-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no plugin jar in " + TARGET.toAbsolutePath()));
        }
    }

    private static String entry(JarFile jar, String name) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theInstalledPomDeclaresNoLibraryForMavenToResolve() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(TARGET.resolveSibling("dependency-reduced-pom.xml").toFile()).getDocumentElement();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        assertTrue(dependencies.getLength() > 0, "the Maven API stays declared, as provided");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String id = dependency.getElementsByTagName("groupId").item(0).getTextContent() + ":"
                    + dependency.getElementsByTagName("artifactId").item(0).getTextContent();
            NodeList scope = dependency.getElementsByTagName("scope");
            String s = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent();
            assertTrue(List.of("provided", "test").contains(s), id + " is declared with scope " + s + ": Maven would resolve it");
        }
    }

    @Test
    void theJarKeepsEveryLibrarysServiceListsAndNoSignatureOfOne() throws Exception {
        try (JarFile jar = new JarFile(pluginJar().toFile())) {
            assertTrue(entry(jar, "META-INF/services/io.fabric8.kubernetes.client.http.HttpClient$Factory")
                    .contains("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory"));
            String models = entry(jar, "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource");
            assertTrue(models.contains("io.fabric8.kubernetes.api.model.ServiceAccount"), "core's model list");
            assertTrue(models.contains("io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding"), "rbac's model list, merged");
            assertTrue(models.contains("io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition"),
                    "apiextensions' model list, merged");
            List<String> signatures = jar.stream().map(e -> e.getName())
                    .filter(n -> n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")).toList();
            assertEquals(List.of(), signatures, "a library's signature would not verify over the bundle");
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"),
                    "jackson-core's and BouncyCastle's classes for newer JDKs stay in use");
            assertTrue(jar.getEntry("META-INF/maven/plugin.xml") != null, "the plugin descriptor");
        }
    }

    @Test
    void theJarAloneBuildsAKubernetesClientAndLoadsTheEngineAndTlsLibraries() throws Exception {
        // a class loader over the jar only, as the plugin realm of a build that reads the installed pom; Maven makes the
        // realm the context class loader while a goal runs, where fabric8 looks for its implementation and services
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        try (URLClassLoader alone = new URLClassLoader(new URL[] {pluginJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(alone);
            Class<?> config = alone.loadClass("io.fabric8.kubernetes.client.Config");
            Object empty = config.getMethod("empty").invoke(null);
            Class<?> builder = alone.loadClass("io.fabric8.kubernetes.client.KubernetesClientBuilder");
            Object b = builder.getConstructor().newInstance();
            builder.getMethod("withConfig", config).invoke(b, empty);
            // no HTTP client factory given: fabric8 finds it through the merged service list
            try (AutoCloseable client = (AutoCloseable) builder.getMethod("build").invoke(b)) {
                assertTrue(client.getClass().getName().startsWith("io.fabric8."), client.getClass().getName());
            }
            alone.loadClass("com.github.dockerjava.core.DockerClientImpl");
            alone.loadClass("com.github.dockerjava.zerodep.ZerodepDockerHttpClient");
            // docker-java reads DOCKER_CERT_PATH's PEM files with BouncyCastle: its classes load without their signatures
            Class.forName("org.bouncycastle.openssl.PEMParser", true, alone);
        } finally {
            thread.setContextClassLoader(context);
        }
    }
}
