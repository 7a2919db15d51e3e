package dev.envtest.plugin.containers;

import dev.envtest.plugin.registry.RegistryAuthentication;
import java.util.Optional;

/**
 * Where a container's image comes from: a reference the engine has or pulls, or a build.
 *
 * @param reference  the image reference ({@code postgres:16}); with a build, the tag given to the result (optional)
 * @param pullPolicy when to pull a reference
 * @param build      a build from a Containerfile, if the image is built
 * @param authentication the container's own registry credentials ({@code <authentication>}), if given; otherwise
 *                   they are looked up by registry host (see {@link dev.envtest.plugin.registry.RegistryCredentials})
 */
public record ImageSpec(Optional<String> reference, PullPolicy pullPolicy, Optional<BuildSpec> build,
        Optional<RegistryAuthentication> authentication) {

    public ImageSpec(Optional<String> reference, PullPolicy pullPolicy, Optional<BuildSpec> build) {
        this(reference, pullPolicy, build, Optional.empty());
    }

    public static ImageSpec pull(String reference, PullPolicy policy) {
        return new ImageSpec(Optional.of(reference), policy, Optional.empty());
    }

    public static ImageSpec build(BuildSpec build, Optional<String> tag) {
        return new ImageSpec(tag, PullPolicy.NEVER, Optional.of(build));
    }

    public ImageSpec withAuthentication(RegistryAuthentication a) {
        return new ImageSpec(reference, pullPolicy, build, Optional.of(a));
    }

    public String describe() {
        return build.map(b -> "built from " + b.containerfile()).orElseGet(() -> reference.orElse("?"));
    }
}
