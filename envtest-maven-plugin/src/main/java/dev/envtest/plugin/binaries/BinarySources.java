package dev.envtest.plugin.binaries;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where binaries come from when none is installed, and where they are installed: the parts of the lookup chain
 * after the explicit sources.
 *
 * @param storeDirectory   the setup-envtest store's root, if not its default ({@code $XDG_DATA_HOME/kubebuilder-envtest}, ...)
 * @param offline          use only what is installed (store, local Maven repository): never download
 * @param indexUrl         the envtest release index (http, https or file URL)
 * @param artifact         a Maven artifact holding the envtest tarball, resolved instead of downloading
 * @param artifactResolver how to resolve {@code artifact}
 * @param proxies          the HTTP proxy for a URL
 */
public record BinarySources(Optional<Path> storeDirectory, boolean offline, URI indexUrl,
        Optional<ArtifactCoordinates> artifact, ArchiveArtifactResolver artifactResolver, HttpProxy.Lookup proxies) {

    /** No store override, online, the default index, no artifact, no proxy. */
    public static BinarySources defaults() {
        return new BinarySources(Optional.empty(), false, URI.create(ReleaseIndex.DEFAULT_URL), Optional.empty(),
                ArchiveArtifactResolver.unavailable(), HttpProxy.Lookup.direct());
    }

    /** Only what is already installed in the default store. */
    public static BinarySources installedOnly() {
        return defaults().withOffline(true);
    }

    public BinarySources withOffline(boolean value) {
        return new BinarySources(storeDirectory, value, indexUrl, artifact, artifactResolver, proxies);
    }

    public BinarySources withStoreDirectory(Path value) {
        return new BinarySources(Optional.of(value), offline, indexUrl, artifact, artifactResolver, proxies);
    }

    public BinarySources withIndexUrl(URI value) {
        return new BinarySources(storeDirectory, offline, value, artifact, artifactResolver, proxies);
    }

    public BinarySources withArtifact(ArtifactCoordinates value, ArchiveArtifactResolver resolver) {
        return new BinarySources(storeDirectory, offline, indexUrl, Optional.of(value), resolver, proxies);
    }

    /** The store: {@code storeDirectory} if set, else setup-envtest's default for this platform and environment. */
    public EnvtestStore store(Platform platform, Map<String, String> env, Path home) {
        return storeDirectory.map(d -> new EnvtestStore(d.toAbsolutePath().normalize(), platform))
                .orElseGet(() -> EnvtestStore.defaultFor(platform, env, home));
    }

    /** Parses an {@code indexUrl} parameter: an http, https or file URL; anything without a scheme is a file path. */
    public static URI parseIndexUrl(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return URI.create(ReleaseIndex.DEFAULT_URL);
        }
        // a scheme has two letters or more, so C:\tools\index.yaml is a path
        if (!t.matches("(?s)[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            try {
                return Path.of(t).toAbsolutePath().normalize().toUri();
            } catch (java.nio.file.InvalidPathException e) {
                throw badIndexUrl(text, e.getMessage());
            }
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (java.net.URISyntaxException e) {
            throw badIndexUrl(text, e.getMessage());
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw badIndexUrl(text, "scheme " + scheme + " is not supported");
        }
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw badIndexUrl(text, "no host");
        }
        return uri;
    }

    private static IllegalArgumentException badIndexUrl(String text, String why) {
        return new IllegalArgumentException("indexUrl '" + text + "' is not an http, https or file URL (" + why
                + "). Fix: set -Denvtest.indexUrl=https://mirror.example/envtest-releases.yaml, or leave it out for "
                + ReleaseIndex.DEFAULT_URL + ".");
    }
}
