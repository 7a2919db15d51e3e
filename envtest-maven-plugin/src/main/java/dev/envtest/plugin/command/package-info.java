/**
 * Short external commands run to their end within a deadline ({@link ShortCommand}): a binary's {@code --version}
 * and {@code --help}, the podman CLI's two discovery questions, a Docker credential helper, iproute2 on the build
 * network's bridge. A leaf of its own because those live in four stages that may not import one another, and each had
 * grown its own way of running a command, two of which could wait for ever despite their timeout.
 *
 * <p>Imports nothing of the plugin. The long-running processes (etcd, kube-apiserver) are {@code controlplane}'s.
 */
package dev.envtest.plugin.command;
