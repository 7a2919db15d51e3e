package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import dev.envtest.plugin.containers.wait.ExecWait;
import dev.envtest.plugin.containers.wait.HealthcheckWait;
import dev.envtest.plugin.containers.wait.LogWait;
import dev.envtest.plugin.containers.wait.RunningWait;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.lifecycle.EnvtestStop;
import dev.envtest.plugin.registry.RegistryAuthentication;
import dev.envtest.plugin.registry.RegistryCredentials;
import dev.envtest.plugin.registry.RegistryServer;
import dev.envtest.plugin.session.RecordingReporter;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.SessionFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from the real private registry .ci/setup-registry runs (Distribution, TLS with its own CA, htpasswd) into
 * the real engine, with credentials from each kind of source, and every way a pull can go wrong: each an error
 * naming the cause and the fix, never the password, with nothing left behind.
 */
class RegistryPullIT {

    private static final String SOCKET = "unix:///run/podman/podman.sock";
    static final String REGISTRY = "127.0.0.1:5443";
    static final String USER = "envtest";
    static final String PASSWORD = "envtest-registry-password";
    static final String POSTGRES = REGISTRY + "/envtest/postgresql:15";
    static final String REDIS = REGISTRY + "/envtest/redis:7";
    private static EngineInfo engine;

    @TempDir
    Path work;

    private final RecordingReporter reporter = RecordingReporter.withDebug();
    private final List<String> log = reporter.lines();
    private final ContainerCleaner cleaner = new ContainerCleaner();
    private SessionFile session;

    @BeforeAll
    static void engineAndRegistry() throws IOException {
        assumeTrue(Files.exists(Path.of("/run/podman/podman.sock")), "the Podman API socket (.ci/setup) is needed");
        assumeTrue(Files.exists(Path.of("/etc/containers/certs.d/" + REGISTRY + "/ca.crt")), "the test registry (.ci/setup-registry) is needed");
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(10))) {
            engine = client.describe("linux");
        }
    }

    @BeforeEach
    void session() {
        session = SessionFile.create(work.resolve("session.json"), UUID.randomUUID().toString());
    }

    @AfterEach
    void nothingLeftBehindAndNoSecretLogged() {
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stop(work);
        assertEquals(List.of(), ContainersEngineIT.leftovers(work), "no container or network of this work directory may be left");
        String all = String.join("\n", log);
        assertFalse(all.contains(PASSWORD), "the registry password must never be logged");
        assertFalse(all.contains(Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))), all);
    }

    private static void removeImage(String reference) {
        try (EngineClient client = new EngineClient(SOCKET, Duration.ofSeconds(30))) {
            DockerClient docker = DockerClientImpl.getInstance(client.config(), client.http());
            docker.removeImageCmd(reference).withForce(true).exec();
        } catch (RuntimeException absent) {
            // not there: what the test wants
        }
    }

    private ContainersStage.Started run(RegistryCredentials credentials, ContainerSpec... specs) {
        ContainersStage stage = new ContainersStage(ContainerPlan.of(List.of(specs)), cleaner).withRegistryCredentials(credentials);
        stage.prepare(new ContainersStage.Context(engine, HostAccessPolicy.choose(engine.mode()), session, work, reporter));
        return stage.start(CredentialsSource.none(), k -> null);
    }

    private String fails(RegistryCredentials credentials, ContainerSpec... specs) {
        String m = assertThrows(ContainerException.class, () -> run(credentials, specs)).getMessage();
        log.add(m);
        return m;
    }

    private static RegistryCredentials settings(String password) {
        return new RegistryCredentials(List.of(new RegistryServer(REGISTRY, Optional.of(USER), Optional.of(password))), Map.of(), Path.of("/nonexistent"));
    }

    private static ContainerSpec postgres(PullPolicy policy, List<String> execWait) {
        return ContainerSpec.minimal("postgres", ImageSpec.pull(POSTGRES, policy), new ExecWait(execWait, Duration.ofSeconds(60)))
                .withEnv(Map.of("POSTGRES_PASSWORD", "pg-test-password", "POSTGRES_DB", "records"));
    }

    @Test
    void pullsWithTheSettingsServerNamedByHostAndWaitsWithExecAndHealthcheck() {
        removeImage(POSTGRES);
        removeImage(REDIS);
        ContainerSpec redis = ContainerSpec.minimal("redis", ImageSpec.pull(REDIS, PullPolicy.MISSING), new HealthcheckWait(Duration.ofSeconds(60)));
        ContainersStage.Started started = run(settings(PASSWORD), postgres(PullPolicy.MISSING, List.of("pg_isready", "-h", "127.0.0.1")), redis);
        assertEquals(2, started.containers().size());
        String all = String.join("\n", log);
        assertTrue(all.contains("pulling " + POSTGRES + " for postgres as user envtest from settings.xml server '127.0.0.1:5443'"), all);
        assertTrue(all.contains("image " + POSTGRES + " pulled for postgres in "), all);
        assertTrue(all.contains("container postgres ready in") && all.contains("the command 'pg_isready -h 127.0.0.1' exits 0"), all);
        assertTrue(all.contains("container redis ready in"), all);
    }

    @Test
    void aNamedVolumeIsCreatedForTheRunLabelledAndRemovedByStop() {
        ContainerSpec pg = postgres(PullPolicy.MISSING, List.of("pg_isready", "-h", "127.0.0.1"))
                .withVolumes(Map.of("pgdata", "/var/lib/postgresql/data"));
        run(settings(PASSWORD), pg);
        List<String> during = ContainersEngineIT.leftovers(work);
        assertTrue(during.stream().anyMatch(l -> l.matches("volume envtest-[0-9a-f]{8}-pgdata")), during.toString());
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stop(work);
        assertEquals(List.of(), ContainersEngineIT.leftovers(work), "stop removes the volume with the container");
    }

    @Test
    void postgresLogsReadyTwiceAndALogWaitCountsThem() {
        ContainerSpec pg = ContainerSpec.minimal("postgres", ImageSpec.pull(POSTGRES, PullPolicy.MISSING),
                new LogWait(Pattern.compile("database system is ready to accept connections"), 2, Duration.ofSeconds(60)))
                .withEnv(Map.of("POSTGRES_PASSWORD", "pg-test-password"));
        run(settings(PASSWORD), pg);
        assertTrue(String.join("\n", log).contains("matches /database system is ready to accept connections/ 2 times"), String.join("\n", log));
    }

    @Test
    void pullsWithTheContainersOwnServerAndFromAnAuthFile() throws IOException {
        removeImage(REDIS);
        RegistryServer own = new RegistryServer("ci-registry", Optional.of(USER), Optional.of(PASSWORD));
        ContainerSpec redis = ContainerSpec.minimal("redis", ImageSpec.pull(REDIS, PullPolicy.ALWAYS)
                .withAuthentication(RegistryAuthentication.ofServer(own)), new RunningWait(Duration.ofSeconds(30)));
        run(new RegistryCredentials(List.of(own), Map.of(), Path.of("/nonexistent")), redis);
        assertTrue(String.join("\n", log).contains("as user envtest from settings.xml server 'ci-registry' (the container's authentication/serverId)"),
                String.join("\n", log));

        Path authFile = work.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        new EnvtestStop(Reporter.silent(), List.of(cleaner)).stop(work);
        session = SessionFile.create(work.resolve("session.json"), UUID.randomUUID().toString());
        log.clear();
        ContainerSpec again = ContainerSpec.minimal("redis", ImageSpec.pull(REDIS, PullPolicy.ALWAYS), new RunningWait(Duration.ofSeconds(30)));
        run(new RegistryCredentials(List.of(), Map.of("REGISTRY_AUTH_FILE", authFile.toString()), Path.of("/nonexistent")), again);
        assertTrue(String.join("\n", log).contains("as user envtest from $REGISTRY_AUTH_FILE (" + authFile + ") entry '127.0.0.1:5443'"),
                String.join("\n", log));
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheSourceNeverTheSecret() {
        removeImage(REDIS);
        String m = fails(settings("not-the-password"), ContainerSpec.minimal("redis", ImageSpec.pull(REDIS, PullPolicy.MISSING),
                new RunningWait(Duration.ofSeconds(30))));
        assertTrue(m.contains("The registry 127.0.0.1:5443 refused the credentials used (user envtest from settings.xml server '127.0.0.1:5443')"), m);
        assertTrue(m.contains("unauthorized"), m);
        assertTrue(m.contains("Fix: correct the password (or token) in settings.xml server '127.0.0.1:5443'"), m);
        assertFalse(m.contains("not-the-password"), m);
    }

    @Test
    void noCredentialsForThePrivateRegistry() {
        removeImage(REDIS);
        String m = fails(new RegistryCredentials(List.of(), Map.of(), work), ContainerSpec.minimal("redis",
                ImageSpec.pull(REDIS, PullPolicy.MISSING), new RunningWait(Duration.ofSeconds(30))));
        assertTrue(m.contains("refused an anonymous pull: no credentials were found for it"), m);
        assertTrue(m.contains("settings.xml: no <server> with id 127.0.0.1:5443") && m.contains("$REGISTRY_AUTH_FILE: not set"), m);
        assertTrue(m.contains("Fix: add <server><id>127.0.0.1:5443</id>"), m);
    }

    @Test
    void aTagThatDoesNotExist() {
        String m = fails(settings(PASSWORD), ContainerSpec.minimal("redis", ImageSpec.pull(REGISTRY + "/envtest/redis:no-such-tag",
                PullPolicy.MISSING), new RunningWait(Duration.ofSeconds(30))));
        assertTrue(m.contains("The registry 127.0.0.1:5443 has no image envtest/redis with tag no-such-tag"), m);
        assertTrue(m.contains("https://127.0.0.1:5443/v2/envtest/redis/tags/list"), m);
    }

    @Test
    void aRegistryWhoseCaTheEngineDoesNotTrust() {
        // the same server under the name localhost:5443, for which no CA is in /etc/containers/certs.d
        RegistryCredentials creds = new RegistryCredentials(List.of(new RegistryServer("localhost:5443", Optional.of(USER),
                Optional.of(PASSWORD))), Map.of(), work);
        String m = fails(creds, ContainerSpec.minimal("redis", ImageSpec.pull("localhost:5443/envtest/redis:7", PullPolicy.MISSING),
                new RunningWait(Duration.ofSeconds(30))));
        assertTrue(m.contains("x509") && m.contains("does not trust the TLS certificate of the registry localhost:5443"), m);
        assertTrue(m.contains("/etc/containers/certs.d/localhost:5443/ca.crt"), m);
    }

    @Test
    void pullPolicyNeverWithTheImageAbsent() {
        removeImage(REDIS);
        String m = fails(settings(PASSWORD), ContainerSpec.minimal("redis", ImageSpec.pull(REDIS, PullPolicy.NEVER),
                new RunningWait(Duration.ofSeconds(30))));
        assertTrue(m.contains("image " + REDIS + " is not present and pullPolicy is never"), m);
        assertTrue(m.contains("Fix:"), m);
    }

    @Test
    void anExecWaitWhoseCommandIsNotInTheImage() {
        String m = fails(settings(PASSWORD), postgres(PullPolicy.MISSING, List.of("pg_isready_not_here", "-h", "127.0.0.1")));
        assertTrue(m.contains("container 'postgres' (" + POSTGRES + ") cannot become ready: 'pg_isready_not_here' cannot be run in the container"), m);
        assertTrue(m.contains("Fix: name a command the image has"), m);
    }
}
