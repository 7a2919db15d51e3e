/**
 * Text the user writes for the plugin to fill in: the one {@code ${name}} placeholder syntax shared by manifests
 * (identities) and containers' env, command and args. A leaf of its own because both stages need it and neither may
 * import the other.
 *
 * <p>Imports nothing of the plugin.
 */
package dev.envtest.plugin.text;
