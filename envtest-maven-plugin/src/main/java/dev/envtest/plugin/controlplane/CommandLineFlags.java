package dev.envtest.plugin.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of {@code --name=value} flags where a user's flag replaces the default of the same name
 * and adds the others, so that one extra flag never drops the defaults (envtest's {@code Args} trap).
 */
public final class CommandLineFlags {

    private final Map<String, String> flags = new LinkedHashMap<>();

    public CommandLineFlags set(String name, String value) {
        flags.put(strip(name), value);
        return this;
    }

    /** Sets every flag of {@code other}, in its order. */
    public CommandLineFlags setAll(CommandLineFlags other) {
        flags.putAll(other.flags);
        return this;
    }

    public CommandLineFlags copy() {
        return new CommandLineFlags().setAll(this);
    }

    public String get(String name) {
        return flags.get(strip(name));
    }

    public boolean has(String name) {
        return flags.containsKey(strip(name));
    }

    /**
     * Applies user flags written as {@code --name=value}, {@code name=value} or {@code --name} (meaning
     * {@code true}). Returns the names that replaced a default.
     */
    public List<String> override(List<String> userFlags, String parameter) {
        List<String> replaced = new ArrayList<>();
        for (String raw : userFlags) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String text = raw.trim();
            int eq = text.indexOf('=');
            String name = strip(eq < 0 ? text : text.substring(0, eq));
            String value = eq < 0 ? "true" : text.substring(eq + 1);
            if (name.isEmpty() || name.contains(" ")) {
                throw new ControlPlaneException(parameter + " entry '" + raw + "' is not a flag. Fix: write it as --name=value.");
            }
            if (flags.containsKey(name)) {
                replaced.add(name);
            }
            flags.put(name, value);
        }
        return replaced;
    }

    public List<String> toArguments() {
        List<String> args = new ArrayList<>();
        flags.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args;
    }

    private static String strip(String name) {
        String n = name.trim();
        while (n.startsWith("-")) {
            n = n.substring(1);
        }
        return n;
    }
}
