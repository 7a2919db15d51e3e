package dev.envtest.plugin.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one {@code ${name}} syntax of the plugin, for manifests (against the Maven project's properties, before the
 * YAML is parsed, as Maven resource filtering does) and for containers' env, command and args (against the
 * properties the start exported, which Maven could not know when it read the pom). A placeholder with no value is
 * left exactly as written and reported with its line, because both legitimately carry {@code ${...}} of their own
 * (shell scripts in ConfigMaps or in a container's command, templates for other tools). {@code $${name}} is an
 * escape: it becomes the literal text {@code ${name}}.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("(\\$?)\\$\\{([^}\\s]+)}");

    private final Function<String, String> lookup;

    /** Values from a fixed map. */
    public Placeholders(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        this.lookup = copy::get;
    }

    /** Values from a lookup that answers {@code null} for an unknown name (a map still being filled, for containers). */
    public Placeholders(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** A placeholder left unresolved: its name and 1-based line. */
    public record Unresolved(String name, int line) {
    }

    /** The text after substitution, and what could not be substituted. */
    public record Result(String text, List<Unresolved> unresolved) {
    }

    public Result resolve(String text) {
        if (text == null || !text.contains("${")) {
            return new Result(text, List.of());
        }
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
            String value;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + name + "}";
            } else if ((value = lookup.apply(name)) != null) {
                replacement = value;
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
