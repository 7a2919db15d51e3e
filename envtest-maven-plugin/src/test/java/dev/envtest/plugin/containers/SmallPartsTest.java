package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.envtest.plugin.text.Placeholders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placeholders, property names, image references, build context digests and log line handling. */
class SmallPartsTest {

    @TempDir
    Path dir;

    @Test
    void placeholdersResolveKnownNamesAndLeaveOthers() {
        Map<String, String> props = Map.of("envtest.container.url", "https://host.containers.internal:6443");
        assertEquals("-url https://host.containers.internal:6443/version ${HOME} $PATH",
                new Placeholders(props).resolve("-url ${envtest.container.url}/version ${HOME} $PATH").text());
        assertEquals("a$b", new Placeholders(props).resolve("a$b").text());
    }

    @Test
    void propertiesPerContainerUseTheirOwnPrefix() {
        RunningContainer c = new RunningContainer("datastorage", "envtest-1234abcd-datastorage", "cid", "sha256:i", "127.0.0.1",
                new java.util.TreeMap<>(Map.of(8080, 40001, 8081, 40002)), List.of("datastorage"), Path.of("/w/logs/datastorage.log"), 300, 400, 900);
        Map<String, String> p = ContainerProperties.of("envtest-1234abcd", List.of(c));
        assertEquals("envtest-1234abcd", p.get("envtest.containers.network"));
        assertEquals("127.0.0.1", p.get("envtest.containers.datastorage.host"));
        assertEquals("40001", p.get("envtest.containers.datastorage.port.8080"));
        assertEquals("http://127.0.0.1:40002", p.get("envtest.containers.datastorage.url.8081"));
        assertEquals("cid", p.get("envtest.containers.datastorage.id"));
        assertEquals("/w/logs/datastorage.log", p.get("envtest.containers.datastorage.log"));
        assertTrue(p.keySet().stream().allMatch(k -> k.startsWith("envtest.containers.")), p.keySet().toString());
    }

    @Test
    void imageReferencesSplitForThePullApi() {
        assertEquals(new DockerApiEngine.ImageReference("postgres", "16"), DockerApiEngine.ImageReference.parse("postgres:16"));
        assertEquals(new DockerApiEngine.ImageReference("localhost:5000/team/app", "latest"),
                DockerApiEngine.ImageReference.parse("localhost:5000/team/app"));
        assertEquals(new DockerApiEngine.ImageReference("quay.io/a/b", "sha256:abc"), DockerApiEngine.ImageReference.parse("quay.io/a/b@sha256:abc"));
    }

    @Test
    void theBuildDigestFollowsContentNotTimestampsAndTheTarIsUncompressed() throws IOException {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Containerfile"), "FROM scratch\nCOPY app /app\n");
        Path app = Files.writeString(ctx.resolve("app"), "binary-1");
        app.toFile().setExecutable(true);
        BuildSpec spec = new BuildSpec(ctx, ctx.resolve("Containerfile"), Map.of());
        String first = BuildContext.scan(spec).digest("localhost/envtest/ctx:1");
        Files.writeString(app, "binary-1");
        app.toFile().setLastModified(0);
        assertEquals(first, BuildContext.scan(spec).digest("localhost/envtest/ctx:1"), "same content, new timestamp: same digest");
        Files.writeString(app, "binary-2");
        assertNotEquals(first, BuildContext.scan(spec).digest("localhost/envtest/ctx:1"));
        assertNotEquals(first, BuildContext.scan(new BuildSpec(ctx, ctx.resolve("Containerfile"), Map.of("V", "1"))).digest("localhost/envtest/ctx:1"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext.scan(spec).writeTar(out);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e1 = in.getNextEntry();
            TarArchiveEntry e2 = in.getNextEntry();
            assertEquals("Containerfile", e1.getName());
            assertEquals("app", e2.getName());
            assertEquals(0755, e2.getMode() & 0777);
            assertEquals("binary-2", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("Containerfile", BuildContext.scan(spec).containerfilePath());
    }

    @Test
    void defaultTagsAreStablePerProjectAndContext() {
        BuildSpec spec = new BuildSpec(Path.of("/p/target/fixtures/datastorage"), Path.of("/p/target/fixtures/datastorage/Containerfile"), Map.of());
        String tag = ImageResolver.defaultTag(spec, Path.of("/p/target/envtest"));
        assertTrue(tag.matches("localhost/envtest/datastorage:[0-9a-f]{12}"), tag);
        assertEquals(tag, ImageResolver.defaultTag(spec, Path.of("/p/target/envtest")));
        assertNotEquals(tag, ImageResolver.defaultTag(spec, Path.of("/other/target/envtest")));
    }

    @Test
    void theLogFollowerSplitsFramesIntoLinesPerStreamAndWritesTheFile() throws IOException {
        Path file = dir.resolve("logs/app.log");
        LogFollower log = new LogFollower(file);
        log.open();
        log.accept(new Frame(StreamType.STDOUT, "listening on :8080\nhal".getBytes(StandardCharsets.UTF_8)));
        log.accept(new Frame(StreamType.STDERR, "warning: x\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("listening on :8080\nhalwarning: x\n", Files.readString(file), "written as it arrives");
        log.accept(new Frame(StreamType.STDOUT, "f a line\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("listening on :8080", "warning: x", "half a line"), log.tail(10));
        assertEquals(1, log.matches(Pattern.compile("listening on :\\d+")));
        assertEquals(List.of("half a line"), log.tail(1));
        log.close();
        assertTrue(log.awaitEnd(java.time.Duration.ofSeconds(1)));
    }

    @Test
    void publishedPortsAndStateAreReadFromAnInspect() throws IOException {
        String json = "{\"State\":{\"Status\":\"exited\",\"Running\":false,\"ExitCode\":3,\"Health\":{\"Status\":\"unhealthy\","
                + "\"Log\":[{\"ExitCode\":1,\"Output\":\"refused\"}]}},\"NetworkSettings\":{\"Ports\":{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\","
                + "\"HostPort\":\"41234\"}],\"9090/tcp\":null}}}";
        var inspect = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, com.github.dockerjava.api.command.InspectContainerResponse.class);
        assertEquals(Map.of(8080, 41234), DockerApiEngine.publishedPorts(inspect));
        var state = DockerApiEngine.state(inspect);
        assertTrue(state.exited());
        assertEquals(3, state.exitCode());
        assertEquals(java.util.Optional.of("unhealthy"), state.health());
        assertEquals(java.util.Optional.of("refused"), state.healthOutput());
    }
}
