package dev.envtest.plugin.containers;

import com.github.dockerjava.api.exception.DockerException;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.registry.ImageName;
import dev.envtest.plugin.registry.RegistryCredentials;
import dev.envtest.plugin.registry.RegistryException;
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

    private final RegistryCredentials registries;
    private final EngineInfo engineInfo;

    ImageResolver(ContainerEngine engine, Path work, Reporter reporter, RegistryCredentials registries, EngineInfo engineInfo) {
        this.engine = engine;
        this.work = work;
        this.reporter = reporter;
        this.registries = registries;
        this.engineInfo = engineInfo;
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
                // one inspect for the label and the id: each API call took 0.1-0.5 s of Podman 4.3 under load
                Optional<ContainerEngine.LocalImage> existing = engine.localImage(tag);
                if (existing.isPresent() && existing.get().id() != null
                        && digest.equals(existing.get().labels().get(BuildContext.DIGEST_LABEL))) {
                    String id = existing.get().id();
                    reporter.info("  image " + tag + " for " + spec.name() + " is up to date (context unchanged; checked in "
                            + (System.nanoTime() - t) / 1_000_000 + " ms)");
                    return id;
                }
                String id = engine.build(build, sources, tag, BuildContext.labels(Map.of("dev.envtest.builtBy", "envtest-maven-plugin"), digest),
                        log, WorkDirectory.of(work).scratch(), BUILD_TIMEOUT,
                        step -> reporter.info("  building " + tag + ": " + step));
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
                    + " is not present and pullPolicy is never (as with mvn -o or envtest.offline). Fix: pull or build it"
                    + " before the build, or set pullPolicy to missing (-Denvtest.pullPolicy=missing, without -o)."));
        }
        if (present.isPresent() && image.pullPolicy() == PullPolicy.MISSING) {
            return present.get();
        }
        ImageName name = ImageName.parse(ref);
        RegistryCredentials.Lookup lookup;
        try {
            lookup = registries.find(name, image.authentication());
        } catch (RegistryException e) {
            throw new ContainerException("container '" + spec.name() + "': registry credentials for " + name.registry() + ": "
                    + e.getMessage(), e);
        }
        reporter.info("  pulling " + ref + " for " + spec.name() + lookup.credential().map(c -> " as " + c.describe())
                .orElse(" (no credentials for " + name.registry() + ")"));
        PullProgress progress = new PullProgress(ref, reporter::info, System::nanoTime);
        long t = System.nanoTime();
        try {
            engine.pull(ref, lookup.credential(), progress, PULL_TIMEOUT);
        } catch (ContainerException | DockerException e) {
            String message = PullFailure.message(spec.name(), name, String.valueOf(e.getMessage()), lookup, engineInfo.podman(),
                    engineInfo.mode() == EngineMode.PODMAN_ROOTLESS_PASTA || engineInfo.mode() == EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS);
            if (present.isPresent()) {
                reporter.warn(message.lines().findFirst().orElse(message) + "; using the local image (pullPolicy always)");
                return present.get();
            }
            throw new ContainerException(message, e);
        }
        reporter.info("  image " + ref + " pulled for " + spec.name() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms ("
                + progress.summary() + ")");
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
        return "pull:" + image.reference().orElse("") + "|" + image.pullPolicy() + "|" + image.authentication().map(Object::toString).orElse("");
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
