package dev.envtest.plugin.engine;

/** What one engine said about itself: where it listens, what it is, and its mode. */
public record EngineInfo(String dockerHost, String product, String version, String apiVersion, EngineMode mode) {

    public static EngineInfo none() {
        return new EngineInfo(null, "none", "", "", EngineMode.NONE);
    }

    public boolean podman() {
        return product.startsWith("Podman");
    }

    public boolean available() {
        return mode != EngineMode.NONE;
    }

    @Override
    public String toString() {
        return available() ? product + " " + version + " (" + mode.description() + ") at " + dockerHost : "no container engine";
    }
}
