package dev.envtest.plugin.binaries;

import java.nio.file.Path;
import java.util.Optional;

/** The resolved executables, each with a description of where it was found. */
public record ControlPlaneBinaries(ResolvedBinary etcd, ResolvedBinary kubeApiServer, Optional<ResolvedBinary> kubectl) {

    /** The directory holding kube-apiserver (with etcd, unless those came from separate settings). */
    public Path directory() {
        return kubeApiServer.path().toAbsolutePath().getParent();
    }

    /** One executable and the source that provided it, e.g. "TEST_ASSET_ETCD" or "setup-envtest store". */
    public record ResolvedBinary(String name, Path path, String source) {
    }
}
