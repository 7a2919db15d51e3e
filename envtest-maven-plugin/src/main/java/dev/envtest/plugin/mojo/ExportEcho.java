package dev.envtest.plugin.mojo;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Tells a parameter's own value from an earlier execution's export read back. Maven resolves a parameter's user
 * property ({@code -Denvtest.workDirectory}) from the command line, the system properties and then the project's
 * properties; {@code start} exports {@code envtest.workDirectory} and {@code envtest.bindAddress} as project
 * properties, so without this a second {@code start} execution in the same pom that does not configure them would run
 * in the first one's work directory (and stop it) or bind where the first one's engine chose.
 *
 * <p>{@code start} and {@code doctor} use this; {@code stop} does not: there the export is wanted, so that a pom
 * setting {@code workDirectory} only on its {@code start} execution stops that run.
 *
 * <p>A value is an echo when the execution's configuration does not set the parameter, neither the command line nor
 * the system properties define its property, and the project property holds exactly what this plugin exported.
 */
final class ExportEcho {

    /** The key under which the values exported to a project are kept in its context (not in its properties). */
    static final String CONTEXT_KEY = ExportEcho.class.getName() + ".exported";

    private ExportEcho() {
    }

    /** What was exported so far plus {@code exported}: to keep in the project's context for later executions. */
    static Map<String, String> remember(Object exportedSoFar, Map<String, String> exported) {
        Map<String, String> known = new HashMap<>(asMap(exportedSoFar));
        known.putAll(exported);
        return known;
    }

    /**
     * @param configured the parameter's raw text in the execution's configuration: {@code ${property}} (or null) when the
     *                   pom does not set it
     * @param exportedSoFar the project's context value under {@link #CONTEXT_KEY} (null before any start)
     */
    static boolean isEcho(String property, String configured, Properties userProperties, Properties systemProperties,
            Properties projectProperties, Object exportedSoFar) {
        boolean setInPom = configured != null && !configured.isBlank() && !configured.trim().equals("${" + property + "}");
        if (setInPom || userProperties.containsKey(property) || systemProperties.containsKey(property)) {
            return false;
        }
        String exported = asMap(exportedSoFar).get(property);
        return exported != null && exported.equals(projectProperties.getProperty(property));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> asMap(Object value) {
        return value instanceof Map ? (Map<String, String>) value : Map.of();
    }
}
