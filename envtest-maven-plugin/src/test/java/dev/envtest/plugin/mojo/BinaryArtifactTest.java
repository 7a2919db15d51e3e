package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.binaries.ArchiveArtifactResolver;
import dev.envtest.plugin.binaries.ArtifactCoordinates;
import dev.envtest.plugin.binaries.BinaryNotFoundException;
import dev.envtest.plugin.binaries.BinaryResolver;
import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.ControlPlaneBinaries;
import dev.envtest.plugin.binaries.EnvtestTarballs;
import dev.envtest.plugin.binaries.Platform;
import dev.envtest.plugin.session.Reporter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.deployment.DeployRequest;
import org.eclipse.aether.installation.InstallRequest;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code binaryArtifact} through Maven's real resolver ({@link MavenArtifactResolver} over a RepositorySystem and
 * real repository directories), with the real envtest archive as the artifact.
 */
class BinaryArtifactTest {

    private static final Platform HERE = Platform.current();
    /** Nothing listens on port 9 (discard) here: a download attempt would fail loudly. */
    private static final URI NO_INDEX = URI.create("http://127.0.0.1:9/envtest-releases.yaml");
    private static RepositorySystem system;
    private static Path tarball;

    @TempDir
    Path temp;

    @BeforeAll
    static void setUp() {
        tarball = EnvtestTarballs.real();
        system = FileRepositorySystem.create();
    }

    @Test
    void anArtifactInstalledInTheLocalRepositoryIsUsedAndThenTheStore() throws Exception {
        ArtifactCoordinates coordinates = ArtifactCoordinates.parse("com.example.envtest:envtest:1.34.2:" + HERE);
        DefaultRepositorySystemSession session = session(temp.resolve("m2"));
        system.install(session, new InstallRequest().addArtifact(artifact(coordinates).setFile(tarball.toFile())));
        AtomicInteger resolutions = new AtomicInteger();
        MavenArtifactResolver maven = new MavenArtifactResolver(system, session, List.of());
        ArchiveArtifactResolver counting = (c, offline) -> {
            resolutions.incrementAndGet();
            return maven.resolve(c, offline);
        };
        BinarySources sources = BinarySources.defaults().withStoreDirectory(temp.resolve("store")).withIndexUrl(NO_INDEX)
                .withArtifact(coordinates, counting);

        ControlPlaneBinaries first = resolve("1.34.2", sources);

        Path installed = temp.resolve("store/k8s/1.34.2-" + HERE);
        assertEquals(installed, first.directory());
        assertEquals("binaryArtifact com.example.envtest:envtest:1.34.2:" + HERE, first.kubeApiServer().source());
        assertEquals("Kubernetes v1.34.2", run(first.kubeApiServer().path(), "--version"));
        assertTrue(Files.isRegularFile(installed.resolve("kubectl")));
        assertEquals("r-xr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(installed.resolve("etcd"))));
        assertEquals(1, resolutions.get());

        ControlPlaneBinaries second = resolve("1.34.x", sources);

        assertEquals(first.kubeApiServer().path(), second.kubeApiServer().path());
        assertEquals("setup-envtest store for Kubernetes 1.34.x", second.kubeApiServer().source());
        assertEquals(1, resolutions.get(), "the store answered; the artifact was not resolved again");
    }

    @Test
    void anArtifactInARemoteRepositoryIsFetchedUnlessOffline() throws Exception {
        ArtifactCoordinates coordinates = ArtifactCoordinates.parse("com.example.envtest:envtest:1.34.2:" + HERE);
        Path remoteDir = temp.resolve("corporate-repo");
        RemoteRepository corporate = new RemoteRepository.Builder("corporate", "default", remoteDir.toUri().toString()).build();
        DefaultRepositorySystemSession deployer = session(temp.resolve("deployer-m2"));
        system.deploy(deployer, new DeployRequest().setRepository(corporate).addArtifact(artifact(coordinates).setFile(tarball.toFile())));
        DefaultRepositorySystemSession session = session(temp.resolve("m2"));
        MavenArtifactResolver maven = new MavenArtifactResolver(system, session, List.of(corporate));
        BinarySources sources = BinarySources.defaults().withStoreDirectory(temp.resolve("store")).withIndexUrl(NO_INDEX)
                .withArtifact(coordinates, maven);

        BinaryNotFoundException offline = assertThrows(BinaryNotFoundException.class, () -> resolve("1.34.2", sources.withOffline(true)));

        assertTrue(offline.getMessage().startsWith("Offline (envtest.offline=true or mvn -o): nothing is downloaded, and"
                + " Kubernetes 1.34.2 for " + HERE + " is not installed."), offline.getMessage());
        assertTrue(offline.getMessage().contains("binaryArtifact " + coordinates + ": binaryArtifact " + coordinates
                + " (type tar.gz) could not be resolved offline, from the local repository " + temp.resolve("m2")), offline.getMessage());
        assertFalse(Files.exists(temp.resolve("store/k8s/1.34.2-" + HERE)));

        ControlPlaneBinaries online = resolve("1.34.2", sources);

        assertEquals("binaryArtifact " + coordinates, online.kubeApiServer().source());
        assertTrue(Files.isRegularFile(temp.resolve("m2/com/example/envtest/envtest/1.34.2/" + coordinates.fileName())),
                "Maven's resolver put the artifact into the local repository");
    }

    @Test
    void anArtifactOfAnotherVersionIsRefusedAndNothingIsInstalled() throws Exception {
        ArtifactCoordinates coordinates = ArtifactCoordinates.parse("com.example.envtest:envtest:1.34.2:" + HERE);
        DefaultRepositorySystemSession session = session(temp.resolve("m2"));
        system.install(session, new InstallRequest().addArtifact(artifact(coordinates).setFile(tarball.toFile())));
        BinarySources sources = BinarySources.defaults().withStoreDirectory(temp.resolve("store")).withIndexUrl(NO_INDEX)
                .withArtifact(coordinates, new MavenArtifactResolver(system, session, List.of()));

        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class, () -> resolve("1.33.x", sources));

        assertEquals("binaryArtifact " + coordinates + " holds Kubernetes 1.34.2, but kubernetesVersion is 1.33.x. Fix: set"
                + " -Denvtest.kubernetesVersion=1.34.2, or point binaryArtifact at the artifact for 1.33.x.", e.getMessage());
        try (var entries = Files.list(temp.resolve("store/k8s"))) {
            assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).toList(),
                    "no version directory and no staging leftovers");
        }
    }

    @Test
    void missingCoordinatesNameTheRepositoriesAndTheFix() {
        ArtifactCoordinates coordinates = ArtifactCoordinates.parse("com.example.envtest:nothing:9.9.9");
        MavenArtifactResolver maven = new MavenArtifactResolver(system, session(temp.resolve("m2")), List.of());

        BinaryNotFoundException e = assertThrows(BinaryNotFoundException.class, () -> maven.resolve(coordinates, false));

        assertTrue(e.getMessage().startsWith("binaryArtifact com.example.envtest:nothing:9.9.9 (type tar.gz) could not be resolved"
                + " from no remote repository and the local repository " + temp.resolve("m2")), e.getMessage());
        assertTrue(e.getMessage().contains("mvn deploy:deploy-file -Dfile=envtest-v<X.Y.Z>-<os>-<arch>.tar.gz"), e.getMessage());
    }

    private DefaultRepositorySystemSession session(Path localRepository) {
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
        return session;
    }

    private static Artifact artifact(ArtifactCoordinates c) {
        return new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), ArtifactCoordinates.EXTENSION, c.version());
    }

    private ControlPlaneBinaries resolve(String version, BinarySources sources) {
        return BinaryResolver.forThisMachine(version, Optional.empty(), sources, Map.of(), temp.resolve("home"), Reporter.silent()).resolve();
    }

    private static String run(Path binary, String arg) throws Exception {
        Process p = new ProcessBuilder(binary.toString(), arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
