package dev.envtest.plugin.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials for an image's registry; the first source that has some wins:
 * <ol>
 *   <li>the container's own {@code <authentication>} (a settings.xml server by {@code serverId}, or a user and password);</li>
 *   <li>a settings.xml {@code <server>} whose id is the registry host ({@code 127.0.0.1:5443}, {@code quay.io});</li>
 *   <li>the file {@code $REGISTRY_AUTH_FILE} (the containers-auth.json format Podman, Buildah and Skopeo share);</li>
 *   <li>Podman's {@code $XDG_RUNTIME_DIR/containers/auth.json} ({@code podman login} writes it);</li>
 *   <li>Docker's {@code ~/.docker/config.json} ({@code $DOCKER_CONFIG/config.json}): its {@code credHelpers} entry for
 *       the registry, else its {@code credsStore}, both through the {@code docker-credential-<name>} program on the
 *       PATH, else its {@code auths} entry.</li>
 * </ol>
 * In auth files the most specific key wins ({@code host/namespace/repo} before {@code host/namespace} before
 * {@code host}), as Podman does. Each source looked at is remembered, so an error can say where it looked.
 */
public final class RegistryCredentials {

    /** What a lookup found, and every source it looked at (in order, with what each said). */
    public record Lookup(Optional<RegistryCredential> credential, List<String> searched) {
        public Lookup {
            searched = List.copyOf(searched);
        }
    }


    private final List<RegistryServer> servers;
    private final Map<String, String> env;
    private final Path home;
    private final CredentialHelpers helpers;

    public RegistryCredentials(List<RegistryServer> servers, Map<String, String> env, Path home) {
        this(servers, env, home, new CredentialHelpers(env));
    }

    RegistryCredentials(List<RegistryServer> servers, Map<String, String> env, Path home, CredentialHelpers helpers) {
        this.servers = List.copyOf(servers);
        this.env = Map.copyOf(env);
        this.home = home;
        this.helpers = helpers;
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(List.of(), Map.of(), Path.of("/nonexistent"));
    }

    public Lookup find(ImageName image, Optional<RegistryAuthentication> declared) {
        List<String> searched = new ArrayList<>();
        String registry = image.registry();

        if (declared.isPresent()) {
            RegistryAuthentication a = declared.get();
            if (a.server().isPresent()) {
                RegistryServer s = a.server().get();
                if (!s.hasCredentials()) {
                    throw new RegistryException("settings.xml " + s + " (the container's authentication/serverId) has no "
                            + (s.username().isEmpty() ? "<username>" : "<password>") + ". Fix: give the server both"
                            + " <username> and <password> (encrypted with mvn --encrypt-password if you like).");
                }
                return found(RegistryCredential.of(registry, s.username().get(), s.password().get(),
                        "settings.xml " + s.toString().replaceFirst(" \\(user .*\\)$", "") + " (the container's authentication/serverId)"), searched);
            }
            return found(RegistryCredential.of(registry, a.username().orElse(""), a.password().orElse(""),
                    "the container's authentication/username in the pom"), searched);
        }
        searched.add("the container's <authentication>: none");

        Optional<RegistryServer> byHost = servers.stream().filter(s -> ImageName.normalizeHost(s.id()).equals(registry)).findFirst();
        if (byHost.isPresent() && byHost.get().hasCredentials()) {
            RegistryServer s = byHost.get();
            return found(RegistryCredential.of(registry, s.username().get(), s.password().get(), "settings.xml server '" + s.id() + "'"), searched);
        }
        searched.add("settings.xml: " + (byHost.isPresent() ? "server '" + byHost.get().id() + "' has no username and password"
                : "no <server> with id " + registry));

        String authFile = env.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) {
            Optional<RegistryCredential> c = fromAuthFile(Path.of(authFile), image, "$REGISTRY_AUTH_FILE (" + authFile + ")", searched);
            if (c.isPresent()) {
                return found(c.get(), searched);
            }
        } else {
            searched.add("$REGISTRY_AUTH_FILE: not set");
        }

        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            Path podman = Path.of(runtime, "containers", "auth.json");
            Optional<RegistryCredential> c = fromAuthFile(podman, image, podman.toString(), searched);
            if (c.isPresent()) {
                return found(c.get(), searched);
            }
        } else {
            searched.add("$XDG_RUNTIME_DIR/containers/auth.json: $XDG_RUNTIME_DIR not set");
        }

        String dockerConfigDir = env.get("DOCKER_CONFIG");
        Path docker = (dockerConfigDir != null && !dockerConfigDir.isBlank() ? Path.of(dockerConfigDir) : home.resolve(".docker"))
                .resolve("config.json");
        Optional<RegistryCredential> c = fromDockerConfig(docker, image, searched);
        return c.map(v -> found(v, searched)).orElseGet(() -> new Lookup(Optional.empty(), searched));
    }

    private static Lookup found(RegistryCredential c, List<String> searched) {
        return new Lookup(Optional.of(c), searched);
    }

    private Optional<RegistryCredential> fromAuthFile(Path file, ImageName image, String name, List<String> searched) {
        Optional<JsonNode> root = read(file, name, searched);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Optional<RegistryCredential> c = fromAuths(root.get().path("auths"), image, name);
        if (c.isEmpty()) {
            searched.add(name + ": no entry for " + image.registry());
        }
        return c;
    }

    private Optional<RegistryCredential> fromDockerConfig(Path file, ImageName image, List<String> searched) {
        String name = file.toString();
        Optional<JsonNode> root = read(file, name, searched);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        String registry = image.registry();
        String helper = null;
        String helperKind = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get().path("credHelpers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (ImageName.normalizeHost(e.getKey()).equals(registry) && e.getValue().isTextual()) {
                helper = e.getValue().asText();
                helperKind = "credHelpers";
            }
        }
        if (helper == null && root.get().path("credsStore").isTextual() && !root.get().path("credsStore").asText().isBlank()) {
            helper = root.get().path("credsStore").asText();
            helperKind = "credsStore";
        }
        if (helper != null) {
            String source = name + " " + helperKind + " (docker-credential-" + helper + ")";
            Optional<RegistryCredential> c = helpers.get(helper, image.registry(), source);
            if (c.isPresent()) {
                return c;
            }
            searched.add(source + ": no credentials for " + registry);
        }
        Optional<RegistryCredential> c = fromAuths(root.get().path("auths"), image, name + " auths");
        if (c.isEmpty()) {
            searched.add(name + ": no auths entry for " + registry);
        }
        return c;
    }

    private static Optional<JsonNode> read(Path file, String name, List<String> searched) {
        if (!Files.isRegularFile(file)) {
            searched.add(name + ": no such file");
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(Files.readAllBytes(file)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // where, never what: Jackson's messages quote the token they stumbled on, which may be a secret
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new RegistryException(name + " is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + ". Fix: correct or remove it (podman login / docker login rewrite it).");
        } catch (IOException e) {
            throw new RegistryException(name + " could not be read (" + e.getMessage() + "). Fix: correct or remove it"
                    + " (podman login / docker login rewrite it).", e);
        }
    }

    /** The most specific {@code auths} key for the image: {@code host/ns/repo}, then {@code host/ns}, then {@code host}. */
    static Optional<RegistryCredential> fromAuths(JsonNode auths, ImageName image, String source) {
        if (!auths.isObject()) {
            return Optional.empty();
        }
        String best = null;
        JsonNode entry = null;
        String full = image.registry() + "/" + image.repository();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = ImageName.normalizeHost(e.getKey());
            boolean matches = key.equals(image.registry()) || full.equals(key) || full.startsWith(key + "/");
            if (matches && (best == null || key.length() > best.length()) && hasSecret(e.getValue())) {
                best = key;
                entry = e.getValue();
            }
        }
        if (entry == null) {
            return Optional.empty();
        }
        String where = source + " entry '" + best + "'";
        Optional<String> token = Optional.of(entry.path("identitytoken").asText("")).filter(s -> !s.isEmpty());
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(where + ": its \"auth\" is not base64 of user:password. Fix: log in again"
                        + " (podman login " + image.registry() + ") or correct the file.");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new RegistryException(where + ": its \"auth\" has no user:password. Fix: log in again (podman login "
                        + image.registry() + ").");
            }
            return Optional.of(new RegistryCredential(image.registry(), decoded.substring(0, colon), decoded.substring(colon + 1), token, where));
        }
        return Optional.of(new RegistryCredential(image.registry(), entry.path("username").asText(""), entry.path("password").asText(""),
                token, where));
    }

    private static boolean hasSecret(JsonNode entry) {
        return !entry.path("auth").asText("").isEmpty() || !entry.path("password").asText("").isEmpty()
                || !entry.path("identitytoken").asText("").isEmpty();
    }
}
