package dev.envtest.plugin.binaries;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The envtest release index (controller-tools' {@code envtest-releases.yaml}):
 * <pre>
 * releases:
 *   v1.34.2:
 *     envtest-v1.34.2-linux-amd64.tar.gz:
 *       hash: &lt;hex SHA-512 of the archive&gt;
 *       selfLink: &lt;URL of the archive; a relative link is resolved against the index's URL&gt;
 * </pre>
 */
public final class ReleaseIndex {

    /** Where setup-envtest reads its releases from. */
    public static final String DEFAULT_URL = "https://raw.githubusercontent.com/kubernetes-sigs/controller-tools/HEAD/envtest-releases.yaml";

    private static final Pattern ARCHIVE = Pattern.compile("envtest-v?(\\d+\\.\\d+\\.\\d+)-([a-z0-9]+)-([a-z0-9]+)\\.tar\\.gz");
    private static final Pattern SHA512_HEX = Pattern.compile("[0-9a-fA-F]{128}");
    private static final String SHAPE = "releases: {vX.Y.Z: {envtest-vX.Y.Z-<os>-<arch>.tar.gz: {hash: <hex SHA-512>, selfLink: <URL>}}}";

    private final URI source;
    private final List<Release> releases;
    private final List<String> problems;

    private ReleaseIndex(URI source, List<Release> releases, List<String> problems) {
        this.source = source;
        this.releases = List.copyOf(releases);
        this.problems = List.copyOf(problems);
    }

    /** One downloadable archive. */
    public record Release(String version, Platform platform, String archiveName, String sha512, URI url) {
    }

    /** Parses the index text that was read from {@code source} (used to resolve relative links and in errors). */
    public static ReleaseIndex parse(String yaml, URI source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JacksonException e) {
            throw malformed(source, "not YAML: " + e.getOriginalMessage());
        }
        JsonNode byVersion = root == null ? null : root.get("releases");
        if (byVersion == null || !byVersion.isObject()) {
            throw malformed(source, "it has no 'releases' map");
        }
        List<Release> releases = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> versions = byVersion.fields(); versions.hasNext(); ) {
            Map.Entry<String, JsonNode> version = versions.next();
            Optional<int[]> exact = KubernetesVersion.exactParts(version.getKey());
            if (exact.isEmpty() || !version.getValue().isObject()) {
                continue; // pre-releases and foreign keys are not selectable
            }
            String versionText = exact.get()[0] + "." + exact.get()[1] + "." + exact.get()[2];
            for (Iterator<Map.Entry<String, JsonNode>> archives = version.getValue().fields(); archives.hasNext(); ) {
                Map.Entry<String, JsonNode> archive = archives.next();
                Matcher name = ARCHIVE.matcher(archive.getKey());
                if (!name.matches() || !name.group(1).equals(versionText)) {
                    continue;
                }
                JsonNode hash = archive.getValue().get("hash");
                JsonNode link = archive.getValue().get("selfLink");
                if (hash == null || !hash.isTextual() || !SHA512_HEX.matcher(hash.asText().trim()).matches()) {
                    problems.add(archive.getKey() + " has no valid hex SHA-512 'hash'");
                    continue;
                }
                if (link == null || !link.isTextual() || link.asText().isBlank()) {
                    problems.add(archive.getKey() + " has no 'selfLink'");
                    continue;
                }
                URI url;
                try {
                    url = source.resolve(link.asText().trim());
                } catch (IllegalArgumentException e) {
                    problems.add(archive.getKey() + " has a selfLink that is not a URL: " + link.asText());
                    continue;
                }
                releases.add(new Release(versionText, new Platform(name.group(2), name.group(3)), archive.getKey(),
                        hash.asText().trim().toLowerCase(Locale.ROOT), url));
            }
        }
        return new ReleaseIndex(source, releases, problems);
    }

    private static BinaryDownloadException malformed(URI source, String why) {
        return new BinaryDownloadException("The release index at " + source + " is not an envtest release index (" + why
                + "). Expected " + SHAPE + ". Fix: point indexUrl at a copy of " + DEFAULT_URL + ".");
    }

    public URI source() {
        return source;
    }

    public List<Release> releases() {
        return releases;
    }

    /** The newest release for this platform that the selector accepts. */
    public Optional<Release> select(KubernetesVersion selector, Platform platform) {
        return releases.stream()
                .filter(r -> r.platform().equals(platform) && selector.matches(r.version()))
                .max(Comparator.comparing(Release::version, KubernetesVersion.ordering()));
    }

    /** Like {@link #select}, but a miss is an error listing what the index does have for this platform. */
    public Release require(KubernetesVersion selector, Platform platform) {
        Optional<Release> selected = select(selector, platform);
        if (selected.isPresent()) {
            return selected.get();
        }
        List<String> available = releases.stream().filter(r -> r.platform().equals(platform)).map(Release::version)
                .distinct().sorted(KubernetesVersion.ordering().reversed()).toList();
        String have = available.isEmpty() ? "nothing for " + platform
                : "for " + platform + ": " + String.join(", ", available.subList(0, Math.min(12, available.size())))
                        + (available.size() > 12 ? ", ... (" + available.size() + " in all)" : "");
        String broken = problems.isEmpty() ? "" : " Entries skipped as malformed: " + String.join("; ", problems) + ".";
        throw new BinaryNotFoundException("Kubernetes " + selector + " for " + platform + " is not in the release index "
                + source + ". It has " + have + "." + broken + " Fix: set kubernetesVersion (-Denvtest.kubernetesVersion) to"
                + " one of those, or point indexUrl at an index that has it.");
    }
}
