package dev.envtest.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the start goal does before the API server's launch, on a bare pom, makes no Jackson ObjectMapper: the first
 * one costs 100-140 ms of a thread in a fresh JVM, and the launch waits for the goal's thread and for the engine's
 * answer. Nor does a socket where no engine listens build docker-java's client (0.3-0.4 s). Each case runs in a class loader of its own over the test class path, so classes other tests loaded do not
 * count.
 */
class StartPathClassLoadingTest {

    /** Constructed by every ObjectMapper, and by nothing that only names the class. */
    private static final String MADE_BY_AN_OBJECT_MAPPER = "com.fasterxml.jackson.databind.type.TypeFactory";

    private static final class Recording extends URLClassLoader {
        Recording() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }

        private static URL[] classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(entry -> {
                try {
                    return Path.of(entry).toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
        }
    }

    @Test
    void theContainersStageAndTheRegistryCredentialsOfABarePomMakeNoObjectMapper() throws Exception {
        try (Recording loader = new Recording()) {
            Class<?> plan = loader.loadClass("dev.envtest.plugin.containers.ContainerPlan");
            Class<?> cleaner = loader.loadClass("dev.envtest.plugin.containers.ContainerCleaner");
            Class<?> credentials = loader.loadClass("dev.envtest.plugin.registry.RegistryCredentials");
            Object stage = loader.loadClass("dev.envtest.plugin.containers.ContainersStage").getConstructor(plan, cleaner)
                    .newInstance(plan.getMethod("empty").invoke(null), cleaner.getConstructor().newInstance());
            Object found = credentials.getConstructor(List.class, Map.class, Path.class)
                    .newInstance(List.of(), Map.of("PATH", "/usr/bin:/bin"), Path.of("/nonexistent-home"));
            stage.getClass().getMethod("withRegistryCredentials", credentials).invoke(stage, found);
            assertFalse(loader.loaded(MADE_BY_AN_OBJECT_MAPPER), "an ObjectMapper was made");
        }
    }

    @Test
    void theEnginesAnswerFromItsPingHeadersMakesNoObjectMapper() throws Exception {
        try (Recording loader = new Recording()) {
            Class<?> parser = loader.loadClass("dev.envtest.plugin.engine.EngineInfoParser");
            Object podman = parser.getMethod("productFromPing", Map.class).invoke(null,
                    Map.of("api-version", "1.41", "libpod-api-version", "4.3.1"));
            Object docker = parser.getMethod("productFromPing", Map.class).invoke(null,
                    Map.of("api-version", "1.41", "server", "Docker/20.10.24+dfsg1 (linux)"));
            assertTrue(podman.toString().contains("Podman") && docker.toString().contains("Docker"), podman + " " + docker);
            assertFalse(loader.loaded(MADE_BY_AN_OBJECT_MAPPER), "an ObjectMapper was made");
        }
    }

    /** docker-java's transport, built when anything other than the socket ping is asked of an engine. */
    private static final String DOCKER_JAVA_CLIENT = "com.github.dockerjava.zerodep.ZerodepDockerHttpClient";

    @Test
    void anEngineSocketThatRefusesConnectionsIsAnsweredWithoutDockerJava(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        // the file stays, nothing listens on it: as a Podman service that was stopped leaves its socket
        try (Recording loader = new Recording()) {
            Object client = loader.loadClass("dev.envtest.plugin.engine.EngineClient").getConstructor(String.class, Duration.class)
                    .newInstance("unix://" + socket, Duration.ofSeconds(1));
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> client.getClass().getMethod("describe", String.class).invoke(client, "linux"));
            assertTrue(e.getCause().getMessage().contains("nothing accepts connections on " + socket), e.getCause().getMessage());
            assertFalse(loader.loaded(DOCKER_JAVA_CLIENT), "docker-java's client was built");
            // the check sees it when it is built
            client.getClass().getMethod("http").invoke(client);
            assertTrue(loader.loaded(DOCKER_JAVA_CLIENT));
            client.getClass().getMethod("close").invoke(client);
        }
    }

    @Test
    void theCheckSeesAnObjectMapperWhenOneIsMade() throws Exception {
        try (Recording loader = new Recording()) {
            loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper").getConstructor().newInstance();
            assertTrue(loader.loaded(MADE_BY_AN_OBJECT_MAPPER));
        }
    }
}
