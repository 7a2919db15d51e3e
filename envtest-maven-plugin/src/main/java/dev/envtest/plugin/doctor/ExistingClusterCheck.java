package dev.envtest.plugin.doctor;

import dev.envtest.plugin.cluster.ClusterChoice;
import dev.envtest.plugin.cluster.ClusterPreflight;
import dev.envtest.plugin.cluster.KubeconfigLocation;
import dev.envtest.plugin.cluster.UserKubeconfig;
import dev.envtest.plugin.lifecycle.StartRequest;
import java.util.List;
import java.util.Optional;

/**
 * With {@code cluster=existing} (or {@code USE_EXISTING_CLUSTER=true}): the kubeconfig and context {@code start} would
 * read, and the same preflight it runs (answer, TLS, credentials), which reads only; nothing is created. Absent when
 * the request is for envtest's own control plane.
 */
final class ExistingClusterCheck {

    private ExistingClusterCheck() {
    }

    static Optional<Finding> examine(StartRequest request) {
        ClusterChoice choice;
        try {
            choice = ClusterChoice.resolve(request.cluster(), request.env());
        } catch (RuntimeException e) {
            return Optional.of(Finding.fail("cluster", List.of(e.getMessage())));
        }
        if (!choice.existing()) {
            return Optional.empty();
        }
        try {
            KubeconfigLocation location = KubeconfigLocation.resolve(request.existingKubeconfig(), request.env(), request.home());
            UserKubeconfig kubeconfig = UserKubeconfig.read(location, request.existingContext());
            String version = ClusterPreflight.check(kubeconfig);
            return Optional.of(Finding.ok("cluster", List.of("existing (" + choice.reason() + "): context \"" + kubeconfig.context()
                    + "\" of " + location, "server " + kubeconfig.server() + " answers, TLS verified"
                    + (kubeconfig.insecureSkipTlsVerify() ? " NOT (insecure-skip-tls-verify: refused with containers)" : "")
                    + ", credentials accepted, Kubernetes " + version)));
        } catch (RuntimeException e) {
            return Optional.of(Finding.fail("cluster", List.of("existing (" + choice.reason() + ")", e.getMessage())));
        }
    }
}
