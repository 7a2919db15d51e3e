package dev.envtest.plugin.session;

import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;

/** The outcome of a start: the control plane, the engine it was placed for, and what was exported. */
public record StartedEnvtest(
        RunningControlPlane controlPlane,
        EngineInfo engine,
        HostAccess hostAccess,
        ExportedProperties properties,
        PhaseTimer timer,
        SessionFile session) {
}
