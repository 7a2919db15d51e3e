package dev.envtest.plugin.binaries;

import static dev.envtest.plugin.binaries.ReleaseServer.archiveName;
import static dev.envtest.plugin.binaries.ReleaseServer.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.binaries.ReleaseServer.FileBody;
import dev.envtest.plugin.binaries.ReleaseServer.Gated;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds resolving the same version into the same store at the same moment download once and both succeed.
 * The server holds the archive back until both have read the index, so the second one is surely waiting on the
 * store's lock while the first downloads.
 */
class ConcurrentInstallTest {

    private static final Platform HERE = Platform.current();
    private static final String ARCHIVE = "/releases/v1.34.2/" + archiveName("1.34.2", HERE);
    private static ReleaseServer server;
    private static Path tarball;

    @TempDir
    Path store;

    @BeforeAll
    static void serve() throws IOException {
        tarball = EnvtestTarballs.real();
        server = new ReleaseServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void serveGated() throws IOException {
        server.reset();
        server.text("/index.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE), EnvtestTarballs.sha512(tarball),
                        server.uri(ARCHIVE).toString()}))
                .route(ARCHIVE, new Gated(new FileBody(tarball), () -> server.requests("/index.yaml") >= 2));
    }

    @Test
    void twoJvmsResolvingAtOnceDownloadOnceAndBothSucceed() throws Exception {
        serveGated();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ResolveInAnotherJvm.class.getName(),
                store.toString(), server.uri("/index.yaml").toString(), "1.34.2")
                .redirectErrorStream(true).start();
        CompletableFuture<String> otherOutput = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        ControlPlaneBinaries here = resolver().resolve();

        assertTrue(other.waitFor(120, TimeUnit.SECONDS), "the other JVM finished");
        String out = otherOutput.get(10, TimeUnit.SECONDS);
        assertEquals(0, other.exitValue(), out);
        assertTrue(out.contains("directory=" + here.directory() + "\n"), out);
        List<String> sources = List.of(here.kubeApiServer().source(), line(out, "source="));
        assertEquals(1, sources.stream().filter(s -> s.startsWith("downloaded from " + server.uri(ARCHIVE))).count(), sources.toString());
        assertEquals(1, sources.stream().filter(s -> s.contains("installed by a parallel build")).count(), sources.toString());
        assertEquals(2, server.requests("/index.yaml"));
        assertEquals(1, server.requests(ARCHIVE), "downloaded once");
        assertOnlyTheVersionDirectory();
    }

    @Test
    void twoThreadsOfOneJvmResolvingAtOnceDownloadOnce() throws Exception {
        serveGated();

        List<CompletableFuture<ControlPlaneBinaries>> builds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            builds.add(CompletableFuture.supplyAsync(() -> resolver().resolve()));
        }
        ControlPlaneBinaries a = builds.get(0).get(120, TimeUnit.SECONDS);
        ControlPlaneBinaries b = builds.get(1).get(120, TimeUnit.SECONDS);

        assertEquals(a.directory(), b.directory());
        assertEquals(1, server.requests(ARCHIVE), "downloaded once");
        assertEquals(1, Stream.of(a, b).filter(x -> x.kubeApiServer().source().contains("installed by a parallel build")).count());
        assertOnlyTheVersionDirectory();
    }

    private BinaryResolver resolver() {
        BinarySources sources = BinarySources.defaults().withStoreDirectory(store).withIndexUrl(server.uri("/index.yaml"));
        return BinaryResolver.forThisMachine("1.34.2", Optional.empty(), sources, Map.of(), store.resolve("home"), Reporter.silent());
    }

    private void assertOnlyTheVersionDirectory() throws IOException {
        try (Stream<Path> list = Files.list(store.resolve("k8s"))) {
            assertEquals(List.of("1.34.2-" + HERE), list.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".lock")).toList());
        }
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst().orElse("(none)");
    }
}
