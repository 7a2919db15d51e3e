package dev.envtest.plugin.session;

/**
 * The one shape in which a stage hands over what it exports: its outcome adds its {@code envtest.*} properties (and
 * marks its secrets) to the run's {@link ExportedProperties}. The sequence decides when the file is written.
 */
public interface PropertyExport {

    void exportTo(ExportedProperties properties);
}
