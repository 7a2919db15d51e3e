package dev.envtest.plugin.binaries;

import static dev.envtest.plugin.binaries.ReleaseServer.archiveName;
import static dev.envtest.plugin.binaries.ReleaseServer.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reaching the index and archives the way corporate networks allow: through an authenticating HTTP proxy, from a
 * file-system mirror, and across redirects. Small archives (shell-script stand-ins) keep these fast.
 */
class MirrorsAndProxiesTest {

    private static final Platform HERE = Platform.current();
    private static final Map<String, String> STAND_INS = Map.of(
            "etcd", "#!/bin/sh\necho etcd stand-in\n",
            "kube-apiserver", "#!/bin/sh\necho Kubernetes v1.34.2\n",
            "kubectl", "#!/bin/sh\necho kubectl stand-in\n");

    @TempDir
    Path temp;

    @Test
    void indexAndArchiveComeThroughAnAuthenticatingProxy() throws Exception {
        Path archive = EnvtestTarballs.small(temp.resolve("a.tar.gz"), STAND_INS);
        String yaml = index(new String[] {"1.34.2", archiveName("1.34.2", HERE), EnvtestTarballs.sha512(archive),
                "archives/" + archiveName("1.34.2", HERE)});
        List<String> seen = new CopyOnWriteArrayList<>();
        String expectedAuth = "Basic " + Base64.getEncoder().encodeToString("builder:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        proxy.createContext("/", exchange -> {
            try (exchange) {
                String target = exchange.getRequestURI().toString();
                String auth = exchange.getRequestHeaders().getFirst("Proxy-Authorization");
                seen.add(target + (auth == null ? " (no credentials)" : expectedAuth.equals(auth) ? " (credentials)" : " (wrong credentials)"));
                if (!expectedAuth.equals(auth)) {
                    exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"corporate\"");
                    exchange.sendResponseHeaders(407, -1);
                    return;
                }
                byte[] body = target.equals("http://envtest-mirror.invalid/envtest-releases.yaml") ? yaml.getBytes(StandardCharsets.UTF_8)
                        : target.equals("http://envtest-mirror.invalid/archives/" + archiveName("1.34.2", HERE)) ? Files.readAllBytes(archive)
                        : null;
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        proxy.start();
        try {
            HttpProxy corporate = new HttpProxy("127.0.0.1", proxy.getAddress().getPort(), "builder", "s3cret");
            BinarySources sources = BinarySources.defaults().withStoreDirectory(temp.resolve("store"))
                    .withIndexUrl(URI.create("http://envtest-mirror.invalid/envtest-releases.yaml"));
            sources = new BinarySources(sources.storeDirectory(), false, sources.indexUrl(), Optional.empty(),
                    ArchiveArtifactResolver.unavailable(), uri -> uri.getHost().endsWith(".invalid") ? Optional.of(corporate) : Optional.empty());

            ControlPlaneBinaries binaries = resolve("1.34.2", sources);

            assertEquals(temp.resolve("store/k8s/1.34.2-" + HERE), binaries.directory());
            assertEquals(STAND_INS.get("kube-apiserver"), Files.readString(binaries.kubeApiServer().path()));
            assertEquals(List.of(
                    "http://envtest-mirror.invalid/envtest-releases.yaml (no credentials)",
                    "http://envtest-mirror.invalid/envtest-releases.yaml (credentials)",
                    "http://envtest-mirror.invalid/archives/" + archiveName("1.34.2", HERE) + " (no credentials)",
                    "http://envtest-mirror.invalid/archives/" + archiveName("1.34.2", HERE) + " (credentials)"), seen);
            assertFalse(corporate.toString().contains("s3cret"), corporate.toString());
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aFileMirrorNeedsNoServer() throws Exception {
        Path mirror = Files.createDirectories(temp.resolve("mirror"));
        Path archive = EnvtestTarballs.small(Files.createDirectories(mirror.resolve("v1.34.2")).resolve(archiveName("1.34.2", HERE)), STAND_INS);
        Files.writeString(mirror.resolve("envtest-releases.yaml"), index(
                new String[] {"1.34.2", archiveName("1.34.2", HERE), EnvtestTarballs.sha512(archive), "v1.34.2/" + archiveName("1.34.2", HERE)}));
        BinarySources sources = BinarySources.defaults().withStoreDirectory(temp.resolve("store"))
                .withIndexUrl(BinarySources.parseIndexUrl(mirror.resolve("envtest-releases.yaml").toString()));

        ControlPlaneBinaries binaries = resolve("1.34.x", sources);

        assertEquals("downloaded from " + sources.indexUrl().resolve("v1.34.2/" + archiveName("1.34.2", HERE)) + " (SHA-512 verified)",
                binaries.kubeApiServer().source());
        assertEquals(archive, Path.of(sources.indexUrl().resolve("v1.34.2/" + archiveName("1.34.2", HERE))));
        assertTrue(Files.isExecutable(binaries.etcd().path()));
    }

    @Test
    void redirectsAreFollowedAndRelativeLinksResolveAgainstTheFinalUrl() throws Exception {
        Path archive = EnvtestTarballs.small(temp.resolve("a.tar.gz"), STAND_INS);
        try (ReleaseServer server = new ReleaseServer()) {
            server.route("/envtest-releases.yaml", new ReleaseServer.Redirect(301, "/moved/envtest-releases.yaml"))
                    .text("/moved/envtest-releases.yaml", index(new String[] {"1.34.2", archiveName("1.34.2", HERE),
                            EnvtestTarballs.sha512(archive), "a.tar.gz"}))
                    .route("/moved/a.tar.gz", new ReleaseServer.Redirect(302, server.uri("/blobs/a.tar.gz").toString()))
                    .route("/blobs/a.tar.gz", new ReleaseServer.FileBody(archive));
            BinarySources sources = BinarySources.defaults().withStoreDirectory(temp.resolve("store"))
                    .withIndexUrl(server.uri("/envtest-releases.yaml"));

            ControlPlaneBinaries binaries = resolve("1.34.2", sources);

            assertEquals("downloaded from " + server.uri("/moved/a.tar.gz") + " (SHA-512 verified)", binaries.kubeApiServer().source());
            assertEquals(4, server.totalRequests(), "index 301, index, archive 302, archive");
            assertEquals(1, server.requests("/blobs/a.tar.gz"));
        }
    }

    private ControlPlaneBinaries resolve(String version, BinarySources sources) throws IOException {
        return BinaryResolver.forThisMachine(version, Optional.empty(), sources, Map.of(), temp.resolve("home"), Reporter.silent()).resolve();
    }
}
