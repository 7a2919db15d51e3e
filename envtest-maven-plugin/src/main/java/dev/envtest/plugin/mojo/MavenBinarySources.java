package dev.envtest.plugin.mojo;

import dev.envtest.plugin.binaries.ArtifactCoordinates;
import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.binaries.HttpProxy;
import java.io.File;
import java.net.URI;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.AuthenticationContext;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;

/** The binaries parameters of a goal, with the Maven session's repositories and proxies, as plain {@link BinarySources}. */
final class MavenBinarySources {

    private MavenBinarySources() {
    }

    static BinarySources create(MavenSession session, MavenProject project, RepositorySystem system, String indexUrl,
            boolean offline, String binaryArtifact, File storeDirectory) throws MojoExecutionException {
        RepositorySystemSession repositorySession = session.getRepositorySession();
        URI index;
        try {
            index = BinarySources.parseIndexUrl(indexUrl);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        Optional<ArtifactCoordinates> artifact;
        try {
            artifact = Optional.ofNullable(binaryArtifact).filter(s -> !s.isBlank()).map(ArtifactCoordinates::parse);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        BinarySources sources = new BinarySources(Optional.ofNullable(storeDirectory).map(File::toPath),
                offline || session.isOffline(), index, artifact,
                new MavenArtifactResolver(system, repositorySession, project.getRemoteProjectRepositories()),
                proxies(repositorySession));
        return sources;
    }

    /** Maven's proxy for a URL (from settings.xml, nonProxyHosts applied; an http proxy also serves https). */
    static HttpProxy.Lookup proxies(RepositorySystemSession session) {
        return uri -> {
            ProxySelector selector = session.getProxySelector();
            if (selector == null || uri.getScheme() == null || uri.getScheme().equalsIgnoreCase("file")) {
                return Optional.empty();
            }
            RemoteRepository target = new RemoteRepository.Builder("envtest-download", "default", uri.toString()).build();
            Proxy proxy = selector.getProxy(target);
            if (proxy == null) {
                return Optional.empty();
            }
            String username = "";
            String password = "";
            if (proxy.getAuthentication() != null) {
                RemoteRepository withProxy = new RemoteRepository.Builder(target).setProxy(proxy).build();
                try (AuthenticationContext auth = AuthenticationContext.forProxy(session, withProxy)) {
                    if (auth != null) {
                        username = Optional.ofNullable(auth.get(AuthenticationContext.USERNAME)).orElse("");
                        password = Optional.ofNullable(auth.get(AuthenticationContext.PASSWORD)).orElse("");
                    }
                }
            }
            return Optional.of(new HttpProxy(proxy.getHost(), proxy.getPort(), username, password));
        };
    }
}
