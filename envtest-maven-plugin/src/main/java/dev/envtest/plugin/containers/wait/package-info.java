/**
 * When a container counts as ready: one attempt of a running, TCP, HTTP, log or healthcheck wait against a
 * {@link dev.envtest.plugin.containers.wait.WaitTarget}, so each is unit-tested against a fake target.
 *
 * <p>Imports nothing of the plugin.
 */
package dev.envtest.plugin.containers.wait;
