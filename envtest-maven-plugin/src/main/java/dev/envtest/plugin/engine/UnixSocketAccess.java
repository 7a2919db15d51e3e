package dev.envtest.plugin.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Whether this process may connect to a Unix socket, asked of the file system before dialling. A socket that exists but
 * is not writable for this user (rootful Podman's {@code /run/podman/podman.sock} 0600 root, Docker's
 * {@code /var/run/docker.sock} 0660 root:docker, seen by a rootless user) would otherwise surface as a
 * {@code BindException} that the HTTP client retries, logging each retry at INFO; the check names the real cause once.
 */
public final class UnixSocketAccess {

    private UnixSocketAccess() {
    }

    /** Why {@code socket} cannot be dialled by this user, or empty when it can be tried. */
    public static Optional<String> problem(Path socket) {
        if (Files.exists(socket)) {
            // connect(2) on a Unix socket needs write permission on the socket file
            return Files.isWritable(socket) ? Optional.empty() : Optional.of("permission denied on " + describe(socket) + ", skipped");
        }
        // a directory this user may not search hides the socket: say so rather than "no such socket"
        for (Path dir = socket.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir)) {
                return Files.isExecutable(dir) ? Optional.of("no such socket")
                        : Optional.of("permission denied on " + describe(dir) + ", skipped");
            }
        }
        return Optional.of("no such socket");
    }

    private static String describe(Path path) {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class);
            return path + " (" + a.owner().getName() + ":" + a.group().getName() + " " + PosixFilePermissions.toString(a.permissions()) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return path.toString();
        }
    }
}
