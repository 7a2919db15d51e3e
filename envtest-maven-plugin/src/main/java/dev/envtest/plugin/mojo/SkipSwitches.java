package dev.envtest.plugin.mojo;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether a goal is skipped: {@code envtest.skip}, and the switches that skip integration tests in every Maven
 * build — {@code skipITs}, {@code skipTests}, {@code maven.test.skip} — so that starting envtest for tests that
 * will not run costs nothing. A switch given without a value ({@code -DskipITs}) counts as true.
 */
public final class SkipSwitches {

    public static final List<String> TEST_SWITCHES = List.of("skipITs", "skipTests", "maven.test.skip");

    private SkipSwitches() {
    }

    /**
     * The name of the switch that skips, if any.
     *
     * @param envtestSkip the goal's own {@code skip} parameter
     * @param sources     where the test switches are looked up, first wins: user properties (-D), project properties,
     *                    system properties
     */
    public static Optional<String> reason(boolean envtestSkip, List<Properties> sources) {
        if (envtestSkip) {
            return Optional.of("envtest.skip");
        }
        for (String name : TEST_SWITCHES) {
            for (Properties p : sources) {
                if (p != null && p.containsKey(name)) {
                    String value = p.getProperty(name);
                    if (value.isEmpty() || Boolean.parseBoolean(value)) {
                        return Optional.of(name);
                    }
                    break;
                }
            }
        }
        return Optional.empty();
    }
}
