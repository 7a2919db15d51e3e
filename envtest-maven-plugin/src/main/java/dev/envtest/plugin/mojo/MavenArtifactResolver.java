package dev.envtest.plugin.mojo;

import dev.envtest.plugin.binaries.ArchiveArtifactResolver;
import dev.envtest.plugin.binaries.ArtifactCoordinates;
import dev.envtest.plugin.binaries.BinaryNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves {@code binaryArtifact} with Maven's own resolver and the project's repositories, so settings.xml
 * mirrors, server credentials and proxies apply exactly as for the build's dependencies.
 */
final class MavenArtifactResolver implements ArchiveArtifactResolver {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    MavenArtifactResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    @Override
    public Path resolve(ArtifactCoordinates c, boolean offline) {
        RepositorySystemSession use = offline && !session.isOffline()
                ? new DefaultRepositorySystemSession(session).setOffline(true) : session;
        ArtifactRequest request = new ArtifactRequest(
                new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), ArtifactCoordinates.EXTENSION, c.version()),
                repositories, null);
        try {
            return system.resolveArtifact(use, request).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            String where = use.isOffline()
                    ? "offline, from the local repository " + use.getLocalRepository().getBasedir()
                    : "from " + (repositories.isEmpty() ? "no remote repository" : repositories.stream()
                            .map(r -> r.getId() + " (" + r.getUrl() + ")").collect(Collectors.joining(", ")))
                            + " and the local repository " + use.getLocalRepository().getBasedir();
            throw new BinaryNotFoundException("binaryArtifact " + c + " (type tar.gz) could not be resolved " + where + ": "
                    + e.getMessage() + ". Fix: correct the coordinates, or publish the envtest tarball there, e.g. mvn"
                    + " deploy:deploy-file -Dfile=envtest-v<X.Y.Z>-<os>-<arch>.tar.gz -DgroupId=" + c.groupId()
                    + " -DartifactId=" + c.artifactId() + " -Dversion=" + c.version()
                    + (c.classifier().isEmpty() ? "" : " -Dclassifier=" + c.classifier())
                    + " -Dpackaging=tar.gz -Durl=<repository URL> -DrepositoryId=<server id>");
        }
    }
}
