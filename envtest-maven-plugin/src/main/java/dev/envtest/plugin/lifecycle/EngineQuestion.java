package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.binaries.Platform;
import dev.envtest.plugin.engine.EngineClient;
import dev.envtest.plugin.engine.EngineDiscovery;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.PodmanCli;
import dev.envtest.plugin.session.Reporter;
import java.util.Map;
import java.util.Optional;

/**
 * Asks which container engine answers, when anything needs it (an auto host access, or containers). No engine is
 * an error only when containers are configured; otherwise the API server listens on loopback for the host.
 */
final class EngineQuestion {

    private EngineQuestion() {
    }

    static EngineInfo ask(Optional<String> dockerHost, Map<String, String> env, Platform platform, boolean containersConfigured,
            Reporter reporter) {
        EngineDiscovery discovery = new EngineDiscovery(dockerHost, env, platform.os(), EngineClient.factory(), PodmanCli.onPath(),
                reporter::debug);
        EngineDiscovery.Result result = discovery.discover();
        if (!result.engine().available() && containersConfigured) {
            throw new IllegalStateException("containers are configured but no container engine answered. " + result.explainNone());
        }
        if (!result.engine().available()) {
            reporter.warn(result.explainNone().replace("\n", "\n  ")
                    + "\nContinuing: the API server listens on loopback for host-side clients.");
        }
        return result.engine();
    }
}
