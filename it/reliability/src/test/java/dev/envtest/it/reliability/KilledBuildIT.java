package dev.envtest.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a CI runner does when the job is killed (OOM killer, a cancelled job): SIGKILL to the Maven JVM while envtest and a
 * container run, then the usual next command, {@code mvn clean verify}, in the same project. No process of the killed
 * build may outlive it by more than 10 s (its supervisor ends them; there is no shutdown hook after SIGKILL), and the next
 * build — though clean deleted target/envtest/session.json — removes the container and network the killed build left
 * and says so by name.
 */
class KilledBuildIT {

    /** The bound: a killed build's processes are gone within this, with no further Maven run. */
    private static final Duration PROCESSES_GONE = Duration.ofSeconds(10);

    @Test
    void sigkillThenCleanVerifyLeavesNothing() throws Exception {
        NestedBuild build = NestedBuild.of("killed");
        Path work = build.workDirectory();
        Process maven = build.start("verify", "-Dhold=600");
        List<String> containers = new ArrayList<>();
        List<String> networks = new ArrayList<>();
        try {
            assertTrue(build.awaitLog(maven, "holding for 600 s", Duration.ofMinutes(8)), "the build reached its tests:\n" + build.tail());
            assertTrue(Files.readString(build.log).contains("envtest ready in"), build.tail());
            assertTrue(maven.info().command().orElse("").endsWith("java"), "./mvnw execs the JVM: " + maven.info().command());
            JsonNode session = new ObjectMapper().readTree(work.resolve("session.json").toFile());
            List<String> recorded = new ArrayList<>();
            session.path("processes").forEach(p -> recorded.add(p.path("name").asText()));
            assertEquals(List.of("supervisor", "etcd", "kube-apiserver"), recorded);
            session.path("resources").forEach(r -> {
                if (r.path("kind").asText().equals("container")) {
                    containers.add(r.path("name").asText());
                } else if (r.path("kind").asText().equals("network")) {
                    networks.add(r.path("name").asText());
                }
            });
            assertEquals(1, containers.size(), "the build's container is recorded: " + session);
            assertEquals(1, networks.size(), "and its network: " + session);
            assertEquals(3, BuildLeftovers.processes(work).size(), "supervisor, etcd, kube-apiserver run: " + BuildLeftovers.processes(work));

            maven.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no stop
            assertTrue(maven.waitFor(30, TimeUnit.SECONDS), "the Maven JVM is gone");
            long deadline = System.nanoTime() + PROCESSES_GONE.toNanos();
            List<String> left = BuildLeftovers.processes(work);
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                left = BuildLeftovers.processes(work);
            }
            assertEquals(List.of(), left, "no process of the killed build runs " + PROCESSES_GONE.toSeconds() + " s after its SIGKILL");
            String supervisorLog = Files.readString(work.resolve("logs/supervisor.log"));
            assertTrue(supervisorLog.contains("sent SIGTERM to kube-apiserver") && supervisorLog.contains("sent SIGTERM to etcd"), supervisorLog);
            assertEquals(containers, BuildLeftovers.containers(work), "the container waits for the next build (engine resources are not the supervisor's)");

            // the usual next command: clean deletes target/envtest (session.json with it), then a full build
            String next = build.run("clean", "verify", "-Dhold=0");
            assertTrue(next.contains("Reaped what an earlier run in " + work + " left running"), "the next build says what it reaped:\n" + next);
            String reapLine = next.lines().filter(l -> l.contains("Reaped what an earlier run")).findFirst().orElseThrow();
            assertTrue(reapLine.contains("container (" + containers.get(0) + ")"), "the container by name: " + reapLine);
            assertTrue(reapLine.contains("network (" + networks.get(0) + ")"), "the network by name: " + reapLine);
            assertFalse(reapLine.matches(".*[0-9a-f]{64}.*"), "names, not ids: " + reapLine);

            assertEquals(List.of(), BuildLeftovers.processes(work), "nothing of either build runs");
            assertEquals(List.of(), BuildLeftovers.containers(work), "no container of either build is left");
            assertEquals(List.of(), BuildLeftovers.networks(work), "no network of either build is left");
            for (String name : containers) {
                assertEquals(List.of(), BuildLeftovers.podman("ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.Names}}"),
                        "the killed build's container " + name + " is gone");
            }
        } finally {
            maven.toHandle().destroyForcibly();
            // whatever a failed assertion left: the plugin's own stop (reads the record outside target/ too)
            build.run("envtest:stop");
        }
    }
}
