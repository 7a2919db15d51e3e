package dev.envtest.plugin.binaries;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version selector as users write it: exact ({@code 1.34.2}), a wildcard patch or minor
 * ({@code 1.34.x}, {@code 1.x}), or {@code latest}. A leading {@code v} is accepted.
 */
public final class KubernetesVersion {

    public static final String DEFAULT = "1.34.2";
    private static final Pattern SELECTOR = Pattern.compile("v?(\\d+)(?:\\.(\\d+|x|\\*))?(?:\\.(\\d+|x|\\*))?");
    private static final Pattern EXACT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

    private final String text;
    private final Integer major;
    private final Integer minor;
    private final Integer patch;

    private KubernetesVersion(String text, Integer major, Integer minor, Integer patch) {
        this.text = text;
        this.major = major;
        this.minor = minor;
        this.patch = patch;
    }

    public static KubernetesVersion parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("latest")) {
            return new KubernetesVersion("latest", null, null, null);
        }
        Matcher m = SELECTOR.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("kubernetesVersion '" + text
                    + "' is not a version: use an exact version such as 1.34.2, a wildcard such as 1.34.x, or latest");
        }
        Integer major = Integer.valueOf(m.group(1));
        Integer minor = number(m.group(2));
        Integer patch = minor == null ? null : number(m.group(3));
        return new KubernetesVersion(t, major, minor, patch);
    }

    private static Integer number(String group) {
        return group == null || group.equals("x") || group.equals("*") ? null : Integer.valueOf(group);
    }

    public boolean exact() {
        return major != null && minor != null && patch != null;
    }

    /** {@code 1.34.2} for an exact version. */
    public String exactText() {
        if (!exact()) {
            throw new IllegalStateException(text + " is not an exact version");
        }
        return major + "." + minor + "." + patch;
    }

    /** Whether an exact version ({@code 1.34.2} or {@code v1.34.2}) is selected by this selector. */
    public boolean matches(String candidate) {
        Optional<int[]> parts = exactParts(candidate);
        if (parts.isEmpty()) {
            return false;
        }
        int[] p = parts.get();
        return (major == null || major == p[0]) && (minor == null || minor == p[1]) && (patch == null || patch == p[2]);
    }

    /** Orders exact version strings by their numbers (not as text: 1.9 < 1.10). */
    public static Comparator<String> ordering() {
        return Comparator.comparing((String s) -> exactParts(s).orElse(new int[] {-1, -1, -1}),
                (a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : a[1] != b[1] ? Integer.compare(a[1], b[1]) : Integer.compare(a[2], b[2]));
    }

    static Optional<int[]> exactParts(String candidate) {
        Matcher m = EXACT.matcher(candidate.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
    }

    @Override
    public String toString() {
        return text;
    }
}
