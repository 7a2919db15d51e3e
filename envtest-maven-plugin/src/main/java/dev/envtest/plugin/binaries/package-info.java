/**
 * Where etcd and kube-apiserver come from: the lookup chain (binaryDirectory, TEST_ASSET_*, KUBEBUILDER_ASSETS,
 * the setup-envtest store), installing from a Maven artifact or the release index when nothing fits, and the
 * store's locking.
 *
 * <p>Imports only {@code session} (for its {@code Reporter}). Maven's resolver is reached through the
 * {@link dev.envtest.plugin.binaries.ArchiveArtifactResolver} the mojo implements.
 */
package dev.envtest.plugin.binaries;
