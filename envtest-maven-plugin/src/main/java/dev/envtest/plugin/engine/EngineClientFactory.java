package dev.envtest.plugin.engine;

/** Opens a connection to an engine API at a docker-host URI ({@code unix:///...}, {@code tcp://...}). */
@FunctionalInterface
public interface EngineClientFactory {
    EngineClient open(String dockerHost);
}
