package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.envtest.plugin.binaries.HttpProxy;
import java.net.URI;
import java.util.Optional;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.junit.jupiter.api.Test;

/** Downloads use the proxy Maven would use for the same URL: settings.xml's, with nonProxyHosts and credentials. */
class MavenProxiesTest {

    @Test
    void theSessionsProxySelectorDecidesAndItsCredentialsApply() {
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setProxySelector(new DefaultProxySelector().add(
                new Proxy("http", "proxy.corp.example", 3128, new AuthenticationBuilder().addUsername("builder").addPassword("s3cret").build()),
                "*.corp.example|localhost"));
        HttpProxy.Lookup lookup = MavenBinarySources.proxies(session);

        assertEquals(Optional.of(new HttpProxy("proxy.corp.example", 3128, "builder", "s3cret")),
                lookup.proxyFor(URI.create("https://raw.githubusercontent.com/kubernetes-sigs/controller-tools/HEAD/envtest-releases.yaml")),
                "an http proxy serves https too, as in Maven");
        assertEquals(Optional.empty(), lookup.proxyFor(URI.create("https://mirror.corp.example/envtest-releases.yaml")), "nonProxyHosts");
        assertEquals(Optional.empty(), lookup.proxyFor(URI.create("file:///srv/mirror/envtest-releases.yaml")));
    }

    @Test
    void noProxyConfiguredMeansDirect() {
        DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
        session.setProxySelector(new DefaultProxySelector());
        assertEquals(Optional.empty(), MavenBinarySources.proxies(session).proxyFor(URI.create("https://example.org/x")));
    }
}
