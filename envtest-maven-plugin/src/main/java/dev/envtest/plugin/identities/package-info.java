/**
 * The identities stage: CRDs and manifests applied with server-side apply (and waited on until Established),
 * ServiceAccounts with their RBAC and TokenRequest tokens, and the kubeconfigs and in-cluster bundles written for
 * them. Its outcome exports {@code envtest.inCluster.*} and {@code envtest.sa.*}.
 *
 * <p>Imports {@code controlplane} (the running API server), {@code pki}, {@code session} and {@code text}; with
 * {@code controlplane}, the only package allowed fabric8.
 */
package dev.envtest.plugin.identities;
