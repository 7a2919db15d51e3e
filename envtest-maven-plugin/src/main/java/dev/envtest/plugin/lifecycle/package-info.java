/**
 * The start and stop sequence: which stage runs when, what overlaps (PKI and engine question while binaries
 * resolve and etcd starts; images and network while the control plane and identities start), undo on failure,
 * reaping what an earlier run left, and the hand-over between stages. The host-access choice (auto vs configured)
 * lives here.
 *
 * <p>Imports every stage and leaf; nothing imports it but {@code mojo}. No Maven, no docker-java, no fabric8.
 */
package dev.envtest.plugin.lifecycle;
