package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {

    @TempDir
    Path dir;

    @Test
    void recordsEachThingAsItHappensSoAnotherJvmCanFindIt() throws Exception {
        SessionFile session = SessionFile.create(dir.resolve("session.json"), "s-1");
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            session.started("sleeper", sleeper.toHandle());
            session.created("container", "abc123", "datastorage");

            SessionFile reread = SessionFile.load(dir.resolve("session.json")).orElseThrow();
            assertEquals("s-1", reread.sessionId());
            assertEquals(sleeper.pid(), reread.processes().get(0).pid);
            assertTrue(reread.processes().get(0).live().isPresent(), "the recorded process is found alive");
            assertEquals("abc123", reread.resources().get(0).id);
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        SessionFile reread = SessionFile.load(dir.resolve("session.json")).orElseThrow();
        assertFalse(reread.processes().get(0).live().isPresent(), "an exited process is not live");
    }

    @Test
    void theHandWrittenRecordReadsBackWithEveryCharacter() throws Exception {
        Path odd = dir.resolve("quote\"back\\slash\ttab\u0001 ü");
        java.nio.file.Files.createDirectories(odd);
        SessionFile session = SessionFile.create(odd.resolve("session.json"), "s-\"odd\"");
        session.created("network", "id\nwith newline", null);
        session.createdObject("rbac.authorization.k8s.io/v1", "ClusterRole", null, "envtest:\"odd\"");
        session.started("self", ProcessHandle.current());
        SessionFile read = SessionFile.load(odd.resolve("session.json")).orElseThrow();
        assertEquals("s-\"odd\"", read.sessionId());
        assertEquals("id\nwith newline", read.resources().get(0).id);
        assertEquals(null, read.resources().get(0).name);
        SessionFile.ResourceEntry object = read.resources().get(1);
        assertEquals("rbac.authorization.k8s.io/v1", object.apiVersion);
        assertEquals("ClusterRole", object.objectKind);
        assertEquals(null, object.namespace);
        assertEquals("envtest:\"odd\"", object.objectName);
        assertEquals(ProcessHandle.current().pid(), read.processes().get(0).pid);
        assertEquals(session.startedAt(), read.startedAt());
        // the shape Jackson wrote before: one object, these field names (the benchmarks read processes[].name/pid)
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(odd.resolve("session.json").toFile());
        assertEquals(odd.toAbsolutePath().toString(), tree.get("workDirectory").asText());
        assertEquals("self", tree.get("processes").get(0).get("name").asText());
    }

    @Test
    void aRecycledPidWithAnotherStartTimeIsNotOurs() throws Exception {
        SessionFile session = SessionFile.create(dir.resolve("session.json"), "s-2");
        session.started("self", ProcessHandle.current());
        String json = Files.readString(dir.resolve("session.json"));
        String other = json.contains("\"start\" : \"boot:") ? json.replaceFirst("(?s).*\"start\" : \"([^\"]+)\\+\\d+\".*", "$1+1") : "2001-01-01T00:00:00Z";
        Files.writeString(dir.resolve("session.json"), json.replaceFirst("\"start\" : \"[^\"]+\"", "\"start\" : \"" + other + "\""));
        SessionFile reread = SessionFile.load(dir.resolve("session.json")).orElseThrow();
        assertFalse(reread.processes().get(0).live().isPresent());
        assertTrue(reread.processes().get(0).stranger().isPresent(), "the pid runs, but not as the process recorded");
    }

    @Test
    void aProcessIsStillOursAfterTheWallClockWasSetBetweenTwoJvms() throws Exception {
        SessionFile session = SessionFile.create(dir.resolve("session.json"), "s-4");
        session.started("self", ProcessHandle.current());
        // what a JVM started after `date -s "+3 seconds"` computes as this process's start instant (measured: see
        // ProcessStart); the record's start time, kept apart from it, still names the process
        java.time.Instant recorded = ProcessHandle.current().info().startInstant().orElseThrow();
        String json = Files.readString(dir.resolve("session.json"));
        Files.writeString(dir.resolve("session.json"), json.replace(recorded.toString(), recorded.plusSeconds(3).toString()));
        SessionFile reread = SessionFile.load(dir.resolve("session.json")).orElseThrow();
        assertTrue(reread.processes().get(0).live().isPresent(), "still ours: " + Files.readString(dir.resolve("session.json")));
        assertFalse(reread.processes().get(0).stranger().isPresent());
    }

    @Test
    void aRecordWrittenBeforeTheStartTimeExistedIsCheckedByItsInstant() throws Exception {
        SessionFile session = SessionFile.create(dir.resolve("session.json"), "s-5");
        session.started("self", ProcessHandle.current());
        String json = Files.readString(dir.resolve("session.json"));
        String legacy = json.replaceFirst(", \"start\" : \"[^\"]+\"", "");
        assertFalse(legacy.contains("\"start\""), legacy);
        Files.writeString(dir.resolve("session.json"), legacy);
        assertTrue(SessionFile.load(dir.resolve("session.json")).orElseThrow().processes().get(0).live().isPresent());

        Files.writeString(dir.resolve("session.json"), legacy.replaceFirst("\"startInstant\" : \"[^\"]+\"", "\"startInstant\" : \"2001-01-01T00:00:00Z\""));
        SessionFile.ProcessEntry reused = SessionFile.load(dir.resolve("session.json")).orElseThrow().processes().get(0);
        assertFalse(reused.live().isPresent());
        assertEquals(ProcessHandle.current().pid(), reused.stranger().orElseThrow().pid());
    }

    @Test
    void stoppedAndRemovedEntriesLeaveAnEmptySession() {
        SessionFile session = SessionFile.create(dir.resolve("session.json"), "s-3");
        session.started("self", ProcessHandle.current());
        session.created("network", "n1", "envtest-net");
        session.stopped("self");
        session.removed("network", "n1");
        assertTrue(session.empty());
        session.delete();
        assertFalse(Files.exists(dir.resolve("session.json")));
    }
}
