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
 * Asks which container engine answers, when anything needs it (an auto host access, or containers). When none
 * does, what was tried is logged; the API server then listens on loopback for the host, and configured containers
 * fail in {@code ContainersStage.prepare}, the one place that checks for an engine.
 */
final class EngineQuestion {

    private EngineQuestion() {
    }

    static EngineInfo ask(Optional<String> dockerHost, Map<String, String> env, Platform platform, boolean containersConfigured,
            Reporter reporter) {
        EngineDiscovery discovery = new EngineDiscovery(dockerHost, env, platform.os(), EngineClient.factory(), PodmanCli.onPath(),
                reporter);
        EngineDiscovery.Result result = discovery.discover();
        if (!result.engine().available() && dockerHost.filter(h -> !h.isBlank()).isPresent()) {
            throw new IllegalStateException(EngineDiscovery.configuredDidNotAnswer(dockerHost.get(), result.attempts()));
        }
        if (!result.engine().available()) {
            // what was tried goes to the log either way; whether that is fatal is the containers stage's one check
            reporter.warn(result.explainNone().replace("\n", "\n  ") + (containersConfigured ? ""
                    : "\nContinuing: the API server listens on loopback for host-side clients."));
        }
        return result.engine();
    }
}
