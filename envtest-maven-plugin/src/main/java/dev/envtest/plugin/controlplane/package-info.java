/**
 * The control plane stage: etcd and kube-apiserver as managed processes (started, logged to files, stopped
 * gracefully then forcibly), their ports and flags, and readiness.
 *
 * <p>Imports {@code binaries}, {@code pki} and {@code session}; never identities, containers or what is above.
 */
package dev.envtest.plugin.controlplane;
