package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildStepsTest {

    @Test
    void podmanAndDockerStepLinesAreKeptAndTheRestIsNot() {
        assertEquals(List.of("STEP 1/3: FROM scratch"), BuildSteps.of("STEP 1/3: FROM scratch\n"));
        assertEquals(List.of("Step 2/3 : COPY probe /probe"), BuildSteps.of(" ---> 3f1c\nStep 2/3 : COPY probe /probe\n"));
        assertEquals(List.of("STEP 2/3: COPY a /a", "STEP 3/3: ENTRYPOINT [\"/a\"]"),
                BuildSteps.of("STEP 2/3: COPY a /a\n--> 1b2c\nSTEP 3/3: ENTRYPOINT [\"/a\"]\n"));
    }

    @Test
    void outputThatIsNoStepGivesNothing() {
        assertEquals(List.of(), BuildSteps.of(null));
        assertEquals(List.of(), BuildSteps.of(""));
        assertEquals(List.of(), BuildSteps.of("COMMIT envtest/probe:it\nSuccessfully tagged envtest/probe:it\n"));
        assertEquals(List.of(), BuildSteps.of("a STEP 1/2: inside a line\n"));
    }
}
