package dev.envtest.plugin.cluster;

import java.util.Locale;
import java.util.Map;

/**
 * Which API server the run uses: envtest's own ({@code cluster=envtest}, the default) or one that already runs
 * ({@code cluster=existing}). An explicit {@code cluster} parameter wins; without it {@code USE_EXISTING_CLUSTER=true}
 * (as controller-runtime's envtest reads it) selects the existing cluster. {@link #reason} says which decided, for the log.
 */
public record ClusterChoice(boolean existing, String reason) {

    public static final String ENVTEST = "envtest";
    public static final String EXISTING = "existing";
    public static final String ENV = "USE_EXISTING_CLUSTER";

    /** envtest's own control plane, chosen by default. */
    public static ClusterChoice envtest() {
        return new ClusterChoice(false, "the default");
    }

    public static ClusterChoice resolve(String parameter, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (parameter != null && !parameter.isBlank()) {
            String value = parameter.trim().toLowerCase(Locale.ROOT);
            String overrides = fromEnv == null || fromEnv.isBlank() ? "" : " (" + ENV + "=" + fromEnv + " is overridden by it)";
            return switch (value) {
                case ENVTEST -> new ClusterChoice(false, "cluster=envtest" + overrides);
                case EXISTING -> new ClusterChoice(true, "cluster=existing" + overrides);
                default -> throw new ClusterException("cluster=" + parameter + " is neither envtest nor existing. Fix: set"
                        + " -Denvtest.cluster=envtest (start etcd and kube-apiserver, the default) or -Denvtest.cluster=existing"
                        + " (use the cluster of existingKubeconfig/existingContext).");
            };
        }
        if (fromEnv != null && fromEnv.trim().equalsIgnoreCase("true")) {
            return new ClusterChoice(true, ENV + "=true in the environment (cluster not set)");
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ClusterChoice(false, ENV + "=" + fromEnv + " in the environment is not true");
        }
        return envtest();
    }
}
