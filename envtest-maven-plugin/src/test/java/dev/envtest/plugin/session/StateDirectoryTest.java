package dev.envtest.plugin.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    private static final Path HOME = Path.of("/home/dev");

    @Test
    void linuxFollowsXdgStateHome() {
        assertEquals(Path.of("/home/dev/.local/state/envtest-maven-plugin/runs"), StateDirectory.forUser(Map.of(), HOME, "Linux"));
        assertEquals(Path.of("/var/state/envtest-maven-plugin/runs"),
                StateDirectory.forUser(Map.of("XDG_STATE_HOME", "/var/state"), HOME, "Linux"));
        assertEquals(Path.of("/home/dev/.local/state/envtest-maven-plugin/runs"),
                StateDirectory.forUser(Map.of("XDG_STATE_HOME", "relative/state"), HOME, "Linux"), "a relative value is ignored");
    }

    @Test
    void macOsAndWindows() {
        assertEquals(Path.of("/home/dev/Library/Application Support/envtest-maven-plugin/runs"),
                StateDirectory.forUser(Map.of("XDG_STATE_HOME", "/x"), HOME, "Mac OS X"));
        assertTrue(StateDirectory.forUser(Map.of("LOCALAPPDATA", "/appdata"), HOME, "Windows 11").startsWith(Path.of("/appdata")));
    }

    @Test
    void oneRecordPerWorkDirectory() {
        Path runs = Path.of("/s");
        Path a = StateDirectory.recordFor(runs, Path.of("/p/a/target/envtest"));
        assertEquals(a, StateDirectory.recordFor(runs, Path.of("/p/a/target/../target/envtest")), "normalised");
        assertNotEquals(a, StateDirectory.recordFor(runs, Path.of("/p/b/target/envtest")));
        assertTrue(a.getFileName().toString().matches("[0-9a-f]{16}\\.json"), a.toString());
    }

    @TempDir
    Path temp;

    @Test
    void theRecordOutsideTargetOutlivesClean() throws Exception {
        Path work = temp.resolve("project/target/envtest");
        Path runs = temp.resolve("state/envtest-maven-plugin/runs");
        Path mirror = StateDirectory.recordFor(runs, work);
        SessionFile session = SessionFile.create(work.resolve("session.json"), mirror, "s-1");
        session.created("container", "c1", "envtest-1-probe");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runs)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runs.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mirror)));

        Files.delete(work.resolve("session.json")); // mvn clean
        List<SessionFile> found = SessionFile.loadAll(work.resolve("session.json"), mirror);
        assertEquals(1, found.size());
        assertEquals("envtest-1-probe", found.get(0).resources().get(0).name);
        assertEquals(work.resolve("session.json"), found.get(0).path(), "it stands for the work directory's record");

        // a newer run in the same directory: both records are found, each deleted only by itself
        SessionFile newer = SessionFile.create(work.resolve("session.json"), null, "s-2");
        assertEquals(2, SessionFile.loadAll(work.resolve("session.json"), mirror).size());
        newer.delete();
        found.get(0).removed("container", "c1");
        found.get(0).delete();
        assertFalse(Files.exists(mirror));
        assertTrue(SessionFile.loadAll(work.resolve("session.json"), mirror).isEmpty());
    }
}
