package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sockets in a temporary directory. The permission cases need a user the kernel checks: they run in the rootless
 * lane of .ci/run (as envtest-rootless) and are skipped as root, for whom every socket is writable.
 */
class UnixSocketAccessTest {

    @TempDir
    Path dir;

    private Path listening(String name) throws Exception {
        Path socket = dir.resolve(name);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        server.close(); // the file stays: a stale socket, which is all access(2) looks at
        return socket;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void aSocketThisUserMayWriteIsTried() throws Exception {
        assertEquals(Optional.empty(), UnixSocketAccess.problem(listening("ok.sock")));
    }

    @Test
    void aMissingSocketIsNamedAsMissing() {
        assertEquals(Optional.of("no such socket"), UnixSocketAccess.problem(dir.resolve("absent/podman.sock")));
    }

    @Test
    void aSocketOfAnotherUserIsPermissionDeniedNotAConnectionAttempt() throws Exception {
        assumeFalse(root(), "root may write every socket");
        Path socket = listening("private.sock");
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("r--------"));
        String problem = UnixSocketAccess.problem(socket).orElseThrow();
        assertTrue(problem.startsWith("permission denied on " + socket) && problem.endsWith(", skipped"), problem);
    }

    @Test
    void theRootfulPodmanSocketSeenByAnotherUserIsPermissionDenied() {
        Path rootful = Path.of("/run/podman/podman.sock");
        assumeFalse(root(), "root may write every socket");
        assumeFalse(!Files.exists(rootful), "no rootful Podman on this machine");
        assumeFalse(Files.isWritable(rootful), "this user may use the rootful socket");
        String problem = UnixSocketAccess.problem(rootful).orElseThrow();
        assertTrue(problem.startsWith("permission denied on /run/podman/podman.sock (root:root rw-------)"), problem);
    }

    @Test
    void aDirectoryThisUserMayNotSearchIsPermissionDenied() throws Exception {
        assumeFalse(root(), "root may search every directory");
        Path hidden = Files.createDirectory(dir.resolve("hidden"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rw-------"));
        try {
            String problem = UnixSocketAccess.problem(hidden.resolve("podman/podman.sock")).orElseThrow();
            assertTrue(problem.startsWith("permission denied on " + hidden) && problem.endsWith(", skipped"), problem);
        } finally {
            Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
