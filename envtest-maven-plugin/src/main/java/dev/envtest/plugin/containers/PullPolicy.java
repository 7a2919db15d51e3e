package dev.envtest.plugin.containers;

import java.util.Locale;

/** When an image named in the pom is pulled. */
public enum PullPolicy {
    /** Pull only when the engine does not have the image (the default). */
    MISSING,
    /** Pull before every start. */
    ALWAYS,
    /** Never pull: the image must already be there. */
    NEVER;

    public static PullPolicy parse(String value, String container) {
        if (value == null || value.isBlank()) {
            return MISSING;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ContainerException("container '" + container + "': pullPolicy '" + value
                    + "' is not one of missing, always, never. Fix: use one of those (default missing).");
        }
    }
}
