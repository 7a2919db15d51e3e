package dev.envtest.plugin.binaries;

import java.nio.file.Path;

/**
 * Resolves an envtest tarball published as a Maven artifact to a local file, the way the build resolves its own
 * dependencies (so repository mirrors, credentials and proxies apply). Implemented by the Maven layer; plain Java
 * here.
 */
public interface ArchiveArtifactResolver {

    /**
     * @param coordinates the artifact, type {@code tar.gz}
     * @param offline     use only what the local repository already holds
     * @return the artifact's file
     * @throws BinaryNotFoundException when no repository has it; the message names the repositories tried
     */
    Path resolve(ArtifactCoordinates coordinates, boolean offline);

    /** For builds that configure no artifact: any call is a programming error. */
    static ArchiveArtifactResolver unavailable() {
        return (coordinates, offline) -> {
            throw new BinaryNotFoundException("binaryArtifact " + coordinates + " cannot be resolved here: no Maven repository access");
        };
    }
}
