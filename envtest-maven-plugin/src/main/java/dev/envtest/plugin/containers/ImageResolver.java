package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.DockerException;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.WorkDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a container's image present: a build from a context (skipped when the context's digest label matches the
 * tagged image), or a pull as the pull policy says, falling back to a local image when a pull fails. Errors name
 * the container, the image and the fix.
 */
final class ImageResolver {

    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private final ContainerEngine engine;
    private final Path work;
    private final Reporter reporter;

    ImageResolver(ContainerEngine engine, Path work, Reporter reporter) {
        this.engine = engine;
        this.work = work;
        this.reporter = reporter;
    }

    /** The id of the image {@code spec} runs: built if its context changed, pulled as its pull policy says, or the local one. */
    String resolve(ContainerSpec spec) {
        ImageSpec image = spec.image();
        if (image.build().isPresent()) {
            BuildSpec build = image.build().get();
            String tag = image.reference().filter(r -> !r.isBlank()).orElseGet(() -> defaultTag(build, work));
            Path log = WorkDirectory.of(work).buildLog(spec.name());
            long t = System.nanoTime();
            try {
                BuildContext sources = BuildContext.scan(build);
                String digest = sources.digest(tag);
                Optional<Map<String, String>> existing = engine.imageLabels(tag);
                if (existing.isPresent() && digest.equals(existing.get().get(BuildContext.DIGEST_LABEL))) {
                    String id = engine.imageId(tag).orElseThrow();
                    reporter.info("  image " + tag + " for " + spec.name() + " is up to date (context unchanged; checked in "
                            + (System.nanoTime() - t) / 1_000_000 + " ms)");
                    return id;
                }
                String id = engine.build(build, sources, tag, BuildContext.labels(Map.of("dev.envtest.builtBy", "envtest-maven-plugin"), digest),
                        log, WorkDirectory.of(work).scratch(), BUILD_TIMEOUT);
                reporter.info("  image " + tag + " built for " + spec.name() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
                return id;
            } catch (ContainerException | DockerException e) {
                throw new ContainerException("container '" + spec.name() + "': building " + build.containerfile() + " failed: "
                        + e.getMessage().strip() + "\nBuild log: " + log + ". Fix: correct the Containerfile or the context directory "
                        + build.contextDirectory() + ".", e);
            }
        }
        String ref = image.reference().orElseThrow();
        Optional<String> present = engine.imageId(ref);
        if (image.pullPolicy() == PullPolicy.NEVER) {
            return present.orElseThrow(() -> new ContainerException("container '" + spec.name() + "': image " + ref
                    + " is not present and pullPolicy is never. Fix: build or pull it before the build, or set pullPolicy to missing."));
        }
        if (present.isPresent() && image.pullPolicy() == PullPolicy.MISSING) {
            return present.get();
        }
        long t = System.nanoTime();
        try {
            engine.pull(ref, PULL_TIMEOUT);
        } catch (ContainerException | DockerException e) {
            if (present.isPresent()) {
                reporter.warn("container '" + spec.name() + "': pulling " + ref + " failed (" + e.getMessage().strip()
                        + "); using the local image");
                return present.get();
            }
            throw new ContainerException("container '" + spec.name() + "': image " + ref + " is not present and could not be"
                    + " pulled: " + e.getMessage().strip() + ". Fix: correct the image name, log in to its registry, or build it"
                    + " locally (a build with contextDirectory).", e);
        }
        reporter.info("  image " + ref + " pulled for " + spec.name() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
        return engine.imageId(ref).orElseThrow(() -> new ContainerException("container '" + spec.name() + "': the engine"
                + " reported pulling " + ref + " but does not have it"));
    }

    /** Specs with the same key share one pull or build. */
    static String key(ContainerSpec spec, Path work) {
        ImageSpec image = spec.image();
        if (image.build().isPresent()) {
            BuildSpec b = image.build().get();
            return "build:" + b.contextDirectory().toAbsolutePath().normalize() + "|" + b.containerfile().toAbsolutePath().normalize()
                    + "|" + b.buildArgs() + "|" + image.reference().orElseGet(() -> defaultTag(b, work));
        }
        return "pull:" + image.reference().orElse("") + "|" + image.pullPolicy();
    }

    /** A tag stable per project and context ({@code localhost/envtest/<context dir>:<hash>}), so rebuilds reuse the cache. */
    static String defaultTag(BuildSpec build, Path work) {
        String dir = build.contextDirectory().toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        String hash = sha256(work + "|" + build.contextDirectory().toAbsolutePath().normalize() + "|"
                + build.containerfile().toAbsolutePath().normalize()).substring(0, 12);
        return "localhost/envtest/" + (dir.isEmpty() ? "image" : dir) + ":" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
