package dev.envtest.plugin.identities;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a token expiry: Go-style {@code 24h}, {@code 90m}, {@code 1h30m}, {@code 3600s}, ISO-8601 {@code PT24H}, or seconds. */
public final class Durations {

    private static final Pattern GO = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    /** @param parameter named in the error, e.g. {@code serviceAccounts[1].tokenExpiry} */
    public static Duration parse(String text, String parameter) {
        try {
            return parseValue(text, parameter);
        } catch (NumberFormatException | ArithmeticException e) {
            // digits beyond a long, or days beyond Duration's range
            throw new IdentitiesException(parameter + "='" + text + "' is too large for a duration. Fix: write a lifetime"
                    + " such as 24h, 720h or PT48H (tokens are issued for at most what the API server allows).", e);
        }
    }

    private static Duration parseValue(String text, String parameter) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw invalid(text, parameter);
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text, parameter);
            }
        }
        Matcher m = GO.matcher(value);
        if (!m.matches()) {
            throw invalid(text, parameter);
        }
        Duration d = Duration.ZERO;
        d = d.plusDays(number(m.group(1)));
        d = d.plusHours(number(m.group(2)));
        d = d.plusMinutes(number(m.group(3)));
        d = d.plusSeconds(number(m.group(4)));
        return d;
    }

    /** {@code 24h}, {@code 1h30m}, {@code 45s}: for logs and docs. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            b.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || b.isEmpty()) {
            b.append(s).append('s');
        }
        return b.toString();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private static IdentitiesException invalid(String text, String parameter) {
        return new IdentitiesException(parameter + "='" + text + "' is not a duration. Fix: write e.g. 24h, 90m, 1h30m, 3600s or PT24H.");
    }
}
