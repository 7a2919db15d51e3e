package dev.envtest.it.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.it.support.PluginRepository;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn envtest:doctor} as a user types it, in a directory without a pom (the goal needs no project), with this
 * checkout's ./mvnw and the plugin as the reactor built it: its exit status and what it printed.
 */
class DoctorGoalIT {

    private static final String VERSION = System.getProperty("envtest.version");

    /** The build's output and exit status. */
    record Build(int exit, String output) {
    }

    private static Build doctor(String name, String... properties) throws Exception {
        Path nested = Path.of(System.getProperty("nested.dir"));
        Path dir = Files.createDirectories(nested.resolve(name));
        Path repository = PluginRepository.layOut(nested.resolve("repository"));
        Path root = Path.of(System.getProperty("envtest.repo"));
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B",
                "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + System.getProperty("maven.local"),
                "dev.envtest:envtest-maven-plugin:" + VERSION + ":doctor"));
        command.addAll(List.of(properties));
        Path log = dir.resolve("build.log");
        Process build = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(build.waitFor(5, TimeUnit.MINUTES), "the nested build ended within 5 minutes");
        return new Build(build.exitValue(), Files.readString(log));
    }

    @Test
    void onThisMachineEverythingIsFoundAndAContainerConnectsBack() throws Exception {
        Path probe = Path.of(System.getProperty("fixtures.dir")).resolve("probe");
        Build b = doctor("probe", "-Denvtest.doctor.image=localhost/envtest/doctor-probe:it",
                "-Denvtest.doctor.contextDirectory=" + probe, "-Denvtest.doctor.args=-in-cluster");
        assertEquals(0, b.exit(), b.output());
        // whichever engine this lane runs: the one that answered, and the choice for its mode with the reason
        assertTrue(b.output().contains("[INFO] [ok]   engine: "), b.output());
        assertTrue(b.output().contains(": answered"), b.output());
        assertTrue(b.output().matches("(?s).*\\[INFO\\] \\[ok\\]   host access: bind \\S+ \\(auto\\), containers dial \\S+ \\(auto\\).*"),
                b.output());
        assertTrue(b.output().contains("why: "), b.output());
        assertTrue(b.output().contains("[INFO] [ok]   binaries: kube-apiserver "), b.output());
        assertTrue(b.output().contains("[INFO] [ok]   versions: Maven 3."), b.output());
        assertTrue(b.output().contains("[INFO] [ok]   container probe: a container reached the API server's address over verified TLS"),
                b.output());
        assertTrue(b.output().contains("envtest doctor: start would work here"), b.output());
        assertTrue(b.output().contains("[INFO] [ok]   work directory: " + Path.of(System.getProperty("nested.dir")).resolve("probe/target/envtest")
                + ": no envtest recorded there"), b.output());
        assertTrue(Files.isRegularFile(Path.of(System.getProperty("nested.dir")).resolve("probe/target/envtest/logs/doctor-probe.log")));
    }

    @Test
    void withoutTheEngineItFailsAndListsTheSocketsTried() throws Exception {
        Build b = doctor("no-engine", "-Denvtest.dockerHost=unix:///nonexistent.sock");
        assertNotEquals(0, b.exit(), b.output());
        assertTrue(b.output().contains("[ERROR] [FAIL] engine: "), b.output());
        assertTrue(b.output().contains("tried dockerHost parameter unix:///nonexistent.sock: no such socket"), b.output());
        assertTrue(b.output().contains("-Denvtest.dockerHost"), b.output());
        assertTrue(b.output().contains("envtest doctor: 1 problem(s) that would make start fail: engine"), b.output());
        assertTrue(b.output().contains("BUILD FAILURE"), b.output());
    }

    @Test
    void aTakenPortFailsNamingItAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            Build b = doctor("taken-port", "-Denvtest.apiServerPort=" + port);
            assertNotEquals(0, b.exit(), b.output());
            assertTrue(b.output().matches("(?s).*\\[ERROR\\] \\[FAIL\\] bind: port " + port + " on \\S+ is already in use.*"), b.output());
            assertTrue(b.output().contains("-Denvtest.apiServerPort=0"), b.output());
            assertTrue(b.output().contains("1 problem(s) that would make start fail: bind"), b.output());
        }
    }
}
