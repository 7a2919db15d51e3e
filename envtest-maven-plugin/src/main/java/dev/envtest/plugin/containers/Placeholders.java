package dev.envtest.plugin.containers;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${name}} in container env values, command and args against the properties the start goal exported
 * (and those of containers already started). Maven leaves an expression it cannot resolve at configuration time as
 * it is, so {@code ${envtest.container.url}} in the pom arrives here and is resolved now. Unknown names stay as they
 * are (they may be meant for a shell in the container).
 */
public final class Placeholders {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-/]+)}");

    private Placeholders() {
    }

    public static String resolve(String value, Function<String, String> lookup) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = lookup.apply(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String resolve(String value, Map<String, String> properties) {
        return resolve(value, properties::get);
    }
}
