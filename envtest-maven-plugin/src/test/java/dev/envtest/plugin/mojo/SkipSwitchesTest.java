package dev.envtest.plugin.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SkipSwitchesTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void nothingSetRuns() {
        assertEquals(Optional.empty(), SkipSwitches.reason(false, List.of(props(), props("other", "true"))));
    }

    @Test
    void envtestSkipWins() {
        assertEquals(Optional.of("envtest.skip"), SkipSwitches.reason(true, List.of(props())));
    }

    @Test
    void eachTestSwitchSkips() {
        assertEquals(Optional.of("skipITs"), SkipSwitches.reason(false, List.of(props("skipITs", "true"))));
        assertEquals(Optional.of("skipTests"), SkipSwitches.reason(false, List.of(props("skipTests", "true"))));
        assertEquals(Optional.of("maven.test.skip"), SkipSwitches.reason(false, List.of(props("maven.test.skip", "true"))));
    }

    @Test
    void aSwitchWithoutValueIsTrue() {
        assertEquals(Optional.of("skipITs"), SkipSwitches.reason(false, List.of(props("skipITs", ""))));
    }

    @Test
    void theCommandLineOverridesThePom() {
        // -DskipITs=false on the command line beats <skipITs>true</skipITs> in the pom's properties
        assertEquals(Optional.empty(), SkipSwitches.reason(false, List.of(props("skipITs", "false"), props("skipITs", "true"))));
        assertEquals(Optional.of("skipITs"), SkipSwitches.reason(false, List.of(props(), props("skipITs", "true"))));
    }
}
