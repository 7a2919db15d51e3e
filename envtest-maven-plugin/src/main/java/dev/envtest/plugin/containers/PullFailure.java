package dev.envtest.plugin.containers;

import dev.envtest.plugin.registry.ImageName;
import dev.envtest.plugin.registry.RegistryCredentials;
import java.util.List;
import java.util.Locale;

/**
 * Turns what the engine said about a failed pull into an error that names the fix: refused credentials (the
 * registry, which source the credentials came from, never the secret, and where to put them), an untrusted TLS
 * certificate (where the engine expects the registry's CA), an image or tag the registry does not have.
 */
final class PullFailure {

    enum Kind { UNAUTHORIZED, UNTRUSTED_CERTIFICATE, NOT_FOUND, OTHER }

    private PullFailure() {
    }

    static Kind classify(String engineMessage) {
        String m = engineMessage.toLowerCase(Locale.ROOT);
        if (m.contains("x509:") || m.contains("certificate signed by unknown authority") || m.contains("certificate is not valid")
                || m.contains("tls: failed to verify")) {
            return Kind.UNTRUSTED_CERTIFICATE;
        }
        if (m.contains("unauthorized") || m.contains("authentication required") || m.matches("(?s).*(?<![0-9a-f])40[13](?![0-9a-f]).*")
                || m.contains("denied") || m.contains("forbidden")) {
            return Kind.UNAUTHORIZED;
        }
        if (m.contains("manifest unknown") || m.contains("not found") || m.contains("name unknown") || m.contains("no such image")
                || m.contains("repository name not known")) {
            return Kind.NOT_FOUND;
        }
        return Kind.OTHER;
    }

    /**
     * @param podman    whether the engine is Podman (where it looks for CA certificates)
     * @param rootless  whether it runs rootless (then also under the user's config directory)
     */
    static String message(String container, ImageName image, String engineMessage, RegistryCredentials.Lookup lookup,
            boolean podman, boolean rootless) {
        String registry = image.registry();
        String head = "container '" + container + "': pulling " + image + " failed: " + engineMessage.strip();
        return switch (classify(engineMessage)) {
            case UNAUTHORIZED -> head + "\nThe registry " + registry + " refused " + lookup.credential()
                    .map(c -> "the credentials used (" + c.describe() + ")").orElse("an anonymous pull: no credentials were found for it")
                    + ".\nLooked in: " + String.join("; ", searchedUpTo(lookup)) + ".\nFix: " + lookup.credential()
                    .map(c -> "correct the password (or token) in " + c.source() + ", or give ones that may pull this repository")
                    .orElse("add <server><id>" + registry + "</id><username>...</username><password>...</password></server> to"
                            + " settings.xml (or <authentication><serverId>...</serverId></authentication> on the container), or"
                            + " log in (podman login " + registry + " writes $XDG_RUNTIME_DIR/containers/auth.json)") + ".";
            case UNTRUSTED_CERTIFICATE -> head + "\nThe engine does not trust the TLS certificate of the registry " + registry
                    + ".\nFix: put the CA certificate that signed the registry's certificate (PEM) where the engine looks: "
                    + (podman ? "/etc/containers/certs.d/" + registry + "/ca.crt"
                            + (rootless ? " or ~/.config/containers/certs.d/" + registry + "/ca.crt" : "")
                            + " on the engine's machine (inside the VM for a Podman machine)"
                            : "/etc/docker/certs.d/" + registry + "/ca.crt on the engine's machine (Docker Desktop: ~/.docker/certs.d/"
                            + registry + "/ca.crt)")
                    + "; no restart is needed. Or use the name the certificate was issued for.";
            case NOT_FOUND -> head + "\nThe registry " + registry + " has no image " + image.repository() + " with "
                    + (image.tagOrDigest().contains(":") ? "digest " : "tag ") + image.tagOrDigest() + ".\nFix: correct the image"
                    + " name or tag (the registry lists a repository's tags at https://" + registry + "/v2/" + image.repository()
                    + "/tags/list), or push it first.";
            case OTHER -> head + "\nFix: check the image name and that the engine reaches " + registry
                    + "; or build the image locally (a build with contextDirectory).";
        };
    }

    /** The sources looked at, up to the one that answered. */
    private static List<String> searchedUpTo(RegistryCredentials.Lookup lookup) {
        List<String> searched = new java.util.ArrayList<>(lookup.searched());
        lookup.credential().ifPresent(c -> searched.add(c.source() + ": used"));
        return searched;
    }
}
