/**
 * The run's records, shared by every stage: the {@link dev.envtest.plugin.session.SessionFile} that records each
 * process and engine resource the moment it exists, the {@link dev.envtest.plugin.session.WorkDirectory} that
 * names every path under {@code target/envtest}, the {@link dev.envtest.plugin.session.ExportedProperties} and
 * their {@link dev.envtest.plugin.session.PropertyExport} shape, the {@link dev.envtest.plugin.session.Reporter},
 * timings, the shutdown guard, the {@link dev.envtest.plugin.session.ResourceCleaner} contract and the one
 * recursive delete.
 *
 * <p>Imports nothing of the plugin (the bottom leaf): every other package may import it.
 */
package dev.envtest.plugin.session;
