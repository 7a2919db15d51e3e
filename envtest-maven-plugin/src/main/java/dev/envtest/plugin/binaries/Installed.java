package dev.envtest.plugin.binaries;

import java.nio.file.Path;

/**
 * A version directory in the store that holds etcd and kube-apiserver.
 *
 * @param version   the exact Kubernetes version
 * @param directory {@code <store>/k8s/<version>-<os>-<arch>}
 * @param source    how it got there, for logs and {@code envtest.binaries.source}
 */
public record Installed(String version, Path directory, String source) {
}
