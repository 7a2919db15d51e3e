package dev.envtest.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service project (src/it/service) built by Maven as a user runs it, with {@code -s <settings.xml>}: its
 * PostgreSQL, Redis and service images come from the private registry .ci/setup-registry runs. Each run is a copy
 * of the project under target/runs/<name>, with its own log (build.log) and envtest work directory; after each, the
 * repository's leak check must find nothing left.
 */
class RegistryBuildsIT {

    static final String REGISTRY = "127.0.0.1:5443";
    static final String USER = "envtest";
    static final String PASSWORD = "envtest-registry-password";
    static final String IMAGES = REGISTRY + "/envtest/";

    private static final Path ROOT = Path.of(System.getProperty("envtest.repo")).toAbsolutePath();
    private static final Path SOURCES = Path.of(System.getProperty("it.sources"));
    private static final Path SETTINGS = SOURCES.resolve("settings");

    record Build(int exit, String log, Path project) {
        String properties() throws IOException {
            Path p = project.resolve("target/envtest/envtest.properties");
            return Files.exists(p) ? Files.readString(p) : "";
        }
    }

    @BeforeAll
    static void registry() {
        assumeTrue(Files.exists(Path.of("/etc/containers/certs.d/" + REGISTRY + "/ca.crt")), "the test registry (.ci/setup-registry) is needed");
    }

    private static Build build(String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path project = Path.of(System.getProperty("it.runs")).resolve(name);
        copy(SOURCES.resolve("service"), project);
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-f", project.resolve("pom.xml").toString(),
                "-Dmaven.repo.local=" + System.getProperty("it.repo"),
                "-Dmaven.repo.local.tail=" + Path.of(System.getProperty("user.home"), ".m2", "repository")));
        cmd.addAll(List.of(args));
        cmd.add("verify");
        Path log = project.resolve("build.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("REGISTRY_AUTH_FILE");
        pb.environment().remove("MAVEN_ARGS");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(9, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the build " + name + " did not end within 9 minutes; its log: " + log);
        }
        Build b = new Build(p.exitValue(), Files.readString(log), project);
        Process leaks = new ProcessBuilder("bash", ROOT.resolve("it/leak-check.sh").toString(), project.resolve("target/envtest").toString())
                .redirectErrorStream(true).start();
        String leakOut = new String(leaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, leaks.waitFor(), "the build " + name + " left something running: " + leakOut);
        return b;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Not the password, nor the user:password pair in base64 (auth files, basic auth), nor the engine's auth header or its JSON. */
    private static void noSecretIn(String what, String text) {
        assertFalse(text.contains(PASSWORD), what + " contains the registry password");
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertFalse(text.contains(basic), what + " contains the base64 user:password");
        assertFalse(text.contains("X-Registry-Auth"), what + " contains an X-Registry-Auth header");
        assertFalse(text.contains("serveraddress"), what + " contains the engine's registry auth JSON");
    }

    private static void removeImages() throws IOException, InterruptedException {
        // so that the pulls below really go to the registry (test set-up only; the plugin never uses the CLI)
        new ProcessBuilder("podman", "rmi", "-f", IMAGES + "postgresql:15", IMAGES + "redis:7", IMAGES + "datastorage:it")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
    }

    @Test
    void encryptedSettingsServersWithDebugOutputAndNoSecretAnywhere() throws Exception {
        removeImages();
        Build b = build("settings", Map.of(), "-s", SETTINGS.resolve("settings.xml").toString(),
                "-Dsettings.security=" + SETTINGS.resolve("settings-security.xml"), "-Dpg.serverId=ci-registry", "-X");
        assertEquals(0, b.exit(), "the build failed; its log: " + b.project().resolve("build.log"));
        String log = b.log();
        assertTrue(log.contains("pulling " + IMAGES + "postgresql:15 for postgres as user envtest from settings.xml server 'ci-registry'"
                + " (the container's authentication/serverId)"), "postgres pulled with its own serverId");
        assertTrue(log.contains("pulling " + IMAGES + "redis:7 for redis as user envtest from settings.xml server '127.0.0.1:5443'"), "by host");
        assertTrue(log.contains("pulling " + IMAGES + "datastorage:it for datastorage as user envtest from settings.xml server '127.0.0.1:5443'"));
        assertTrue(log.contains("Tests run: 4, Failures: 0, Errors: 0"), "the service's own tests ran and passed");
        // DataStorage was created only once PostgreSQL and Redis were ready
        int postgresReady = log.indexOf("container postgres ready in");
        int redisReady = log.indexOf("container redis ready in");
        int serviceReady = log.indexOf("container datastorage ready in");
        assertTrue(postgresReady > 0 && redisReady > 0 && serviceReady > postgresReady && serviceReady > redisReady, "readiness order");
        // -X really was on; docker-java's wire and header logs (which would show the auth header) are held at INFO by the
        // plugin (issue 11), so none of their lines appear
        assertTrue(log.contains("[DEBUG]"), "the build ran with -X");
        assertFalse(log.contains("http-outgoing-"), "no line of the HTTP client's wire or header log");
        noSecretIn("the build log (-X)", log);
        noSecretIn("envtest.properties", b.properties());
    }

    @Test
    void anAuthFileNamedByRegistryAuthFile() throws Exception {
        removeImages();
        Path auth = Files.createDirectories(Path.of(System.getProperty("it.runs"))).resolve("auth.json");
        Files.writeString(auth, "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        Build b = build("auth-file", Map.of("REGISTRY_AUTH_FILE", auth.toString()), "-s", SETTINGS.resolve("settings-no-servers.xml").toString());
        assertEquals(0, b.exit(), "the build failed; its log: " + b.project().resolve("build.log"));
        assertTrue(b.log().contains("pulling " + IMAGES + "postgresql:15 for postgres as user envtest from $REGISTRY_AUTH_FILE (" + auth + ")"));
        assertTrue(b.log().contains("Tests run: 4, Failures: 0, Errors: 0"));
        noSecretIn("the build log", b.log());
        noSecretIn("envtest.properties", b.properties());
    }

    @Test
    void aWrongPasswordFailsWith401NamingTheSourceAndTheFix() throws Exception {
        removeImages();
        Build b = build("wrong-password", Map.of(), "-s", SETTINGS.resolve("settings-wrong-password.xml").toString());
        assertNotEquals(0, b.exit());
        String log = b.log();
        assertTrue(log.contains("The registry 127.0.0.1:5443 refused the credentials used (user envtest from settings.xml server '127.0.0.1:5443')"), log);
        assertTrue(log.contains("Fix: correct the password (or token) in settings.xml server '127.0.0.1:5443'"), log);
        assertFalse(log.contains("not-the-registry-password"), "the wrong password is a secret too");
        assertFalse(log.contains("Tests run:"), "no test ran against a half-started envtest");
    }

    @Test
    void aServerIdMissingFromSettingsFailsBeforeAnythingStarts() throws Exception {
        Build b = build("missing-server-id", Map.of(), "-s", SETTINGS.resolve("settings.xml").toString(),
                "-Dsettings.security=" + SETTINGS.resolve("settings-security.xml"), "-Dpg.serverId=no-such-server");
        assertNotEquals(0, b.exit());
        assertTrue(b.log().contains("container 'postgres': authentication/serverId 'no-such-server' names no <server> in Maven's settings"
                + " (its servers: 127.0.0.1:5443, ci-registry). Fix: add <server><id>no-such-server</id>"), b.log());
        assertFalse(b.log().contains("envtest ready in"), "nothing started");
        noSecretIn("the build log", b.log());
    }
}
