package dev.envtest.plugin.containers;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A host file or directory copied into the container before it starts (through the engine's archive API, so it
 * works on a Podman machine with no shared folders).
 *
 * @param source a file or directory on this machine
 * @param target an absolute path in the container: the file's path, or the directory the source directory becomes
 * @param mode   the permission bits of the copied files; by default 0644 (0755 for executables), so a non-root
 *               user can read them
 */
public record FileCopy(Path source, String target, OptionalInt mode) {
}
