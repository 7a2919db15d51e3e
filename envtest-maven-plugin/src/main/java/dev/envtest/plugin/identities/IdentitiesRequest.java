package dev.envtest.plugin.identities;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to provision once the API server is ready.
 *
 * @param crdPaths              files or directories of CustomResourceDefinitions (a directory's {@code .yaml},
 *                              {@code .yml} and {@code .json} files, not its subdirectories), applied first
 * @param errorIfCrdPathMissing a missing CRD path is an error (otherwise a warning), as envtest's ErrorIfPathMissing
 * @param manifests             files or directories (same rule) of multi-document YAML, applied with server-side apply
 * @param placeholders          values for {@code ${name}} in manifests and CRDs (the Maven project's properties)
 * @param serviceAccounts       ServiceAccounts to create, bind and issue tokens for
 * @param waitTimeout           how long to wait for CRDs to become Established
 */
public record IdentitiesRequest(
        List<Path> crdPaths,
        boolean errorIfCrdPathMissing,
        List<Path> manifests,
        Map<String, String> placeholders,
        List<ServiceAccountSpec> serviceAccounts,
        Duration waitTimeout) {

    public IdentitiesRequest {
        crdPaths = List.copyOf(crdPaths);
        manifests = List.copyOf(manifests);
        placeholders = Map.copyOf(placeholders);
        serviceAccounts = List.copyOf(serviceAccounts);
    }

    /** Nothing to provision. */
    public static IdentitiesRequest none() {
        return new IdentitiesRequest(List.of(), false, List.of(), Map.of(), List.of(), Duration.ofSeconds(60));
    }

    public boolean isEmpty() {
        return crdPaths.isEmpty() && manifests.isEmpty() && serviceAccounts.isEmpty();
    }
}
