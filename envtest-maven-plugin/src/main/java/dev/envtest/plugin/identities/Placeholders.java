package dev.envtest.plugin.identities;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${name}} in a manifest's text with the Maven project's property of that name, before the YAML is
 * parsed (as Maven resource filtering does). A placeholder with no such property is left exactly as written and
 * reported, because manifests legitimately carry {@code ${...}} of their own (shell scripts in ConfigMaps, templates
 * for other tools). {@code $${name}} is an escape: it becomes the literal text {@code ${name}}.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("(\\$?)\\$\\{([^}\\s]+)}");

    private final Map<String, String> values;

    public Placeholders(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** A placeholder left unresolved: its name and 1-based line. */
    public record Unresolved(String name, int line) {
    }

    /** The text after substitution, and what could not be substituted. */
    public record Result(String text, List<Unresolved> unresolved) {
    }

    public Result resolve(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        List<Unresolved> unresolved = new ArrayList<>();
        int line = 1;
        int lineScanned = 0;
        while (m.find()) {
            line += count(text, lineScanned, m.start());
            lineScanned = m.start();
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + name + "}";
            } else if (values.containsKey(name)) {
                replacement = values.get(name);
            } else {
                unresolved.add(new Unresolved(name, line));
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return new Result(out.toString(), List.copyOf(unresolved));
    }

    private static int count(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
