package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.controlplane.RunningControlPlane;
import dev.envtest.plugin.engine.EngineInfo;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.session.ExportedProperties;
import dev.envtest.plugin.session.PhaseTimer;
import dev.envtest.plugin.session.SessionFile;

/** The outcome of a start: the control plane (null with cluster=existing: none was started), the engine, what was exported. */
public record StartedEnvtest(
        RunningControlPlane controlPlane,
        EngineInfo engine,
        HostAccess hostAccess,
        ExportedProperties properties,
        PhaseTimer timer,
        SessionFile session) {
}
