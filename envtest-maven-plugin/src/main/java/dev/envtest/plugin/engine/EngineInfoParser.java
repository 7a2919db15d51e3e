package dev.envtest.plugin.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an engine's mode from its own answers: {@code GET /version} (both engines), then Podman's
 * {@code GET /libpod/info} or Docker's {@code GET /info}. Kept apart from HTTP so that recorded answers test it.
 */
public final class EngineInfoParser {

    /**
     * Made on first use: the ping's headers alone answer for rootful Podman and Docker, and jackson-databind's first
     * ObjectMapper took 100-140 ms of the engine thread, whose answer the API server's launch waits for.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private EngineInfoParser() {
    }

    /** The product named by {@code /version}: "Podman" or "Docker", and its version. */
    public static Product product(String versionJson) {
        JsonNode root = read(versionJson);
        for (JsonNode component : root.path("Components")) {
            String name = component.path("Name").asText("");
            if (name.toLowerCase(Locale.ROOT).contains("podman")) {
                return new Product("Podman", component.path("Version").asText(root.path("Version").asText("")),
                        root.path("ApiVersion").asText(""));
            }
        }
        return new Product("Docker", root.path("Version").asText(""), root.path("ApiVersion").asText(""));
    }

    /**
     * The product, version and API version from a {@code /_ping} answer's headers (names in lower case), when they
     * tell: Podman sends {@code Libpod-Api-Version} (its own version since Podman 4), Docker a {@code Server} of
     * {@code Docker/<version> (<os>)}; both send {@code Api-Version}. Empty otherwise: then {@code /version} is asked.
     */
    public static Optional<Product> productFromPing(Map<String, String> headers) {
        String api = headers.getOrDefault("api-version", "");
        String libpod = headers.get("libpod-api-version");
        if (libpod != null && !libpod.isBlank() && !api.isBlank()) {
            return Optional.of(new Product("Podman", libpod.strip(), api.strip()));
        }
        String server = headers.getOrDefault("server", "");
        if (server.startsWith("Docker/") && !api.isBlank()) {
            String version = server.substring("Docker/".length()).split("\\s")[0];
            if (!version.isBlank()) {
                return Optional.of(new Product("Docker", version, api.strip()));
            }
        }
        return Optional.empty();
    }

    /**
     * Podman's mode from {@code /libpod/info}: rootful, or rootless with pasta or slirp4netns. Podman 5 reports
     * {@code host.rootlessNetworkCmd}; Podman 4 rootless always used slirp4netns. A client on macOS or Windows
     * always talks to a Podman machine.
     */
    public static EngineMode podmanMode(String libpodInfoJson, String clientOs) {
        if (!clientOs.equals("linux")) {
            return EngineMode.PODMAN_MACHINE;
        }
        JsonNode host = read(libpodInfoJson).path("host");
        boolean rootless = host.path("security").path("rootless").asBoolean(false);
        if (!rootless) {
            return EngineMode.PODMAN_ROOTFUL;
        }
        String cmd = host.path("rootlessNetworkCmd").asText("");
        if (cmd.equals("pasta") || (cmd.isEmpty() && host.has("pasta") && !host.has("slirp4netns"))) {
            return EngineMode.PODMAN_ROOTLESS_PASTA;
        }
        return EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS;
    }

    /** Docker's mode from {@code /info}: Docker Desktop names itself in OperatingSystem. */
    public static EngineMode dockerMode(String infoJson, String clientOs) {
        String os = read(infoJson).path("OperatingSystem").asText("");
        if (os.contains("Docker Desktop") || !clientOs.equals("linux")) {
            return EngineMode.DOCKER_DESKTOP;
        }
        return EngineMode.DOCKER_ENGINE;
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException("the container engine answered with something that is not JSON: " + e.getMessage(), e);
        }
    }

    /** Engine product and version. */
    public record Product(String name, String version, String apiVersion) {
        public int majorVersion() {
            try {
                return Integer.parseInt(version.split("[.-]")[0]);
            } catch (RuntimeException e) {
                return 4;
            }
        }
    }
}
