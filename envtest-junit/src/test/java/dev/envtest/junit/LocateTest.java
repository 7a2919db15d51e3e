package dev.envtest.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the file is looked for: the system property, else target/envtest/envtest.properties in the working directory. */
class LocateTest {

    @TempDir
    Path project;

    @Test
    void theSystemPropertyWinsAndIsResolvedAgainstTheWorkingDirectory() throws Exception {
        Path elsewhere = Files.createDirectories(project.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("e.properties"), "envtest.url=https://127.0.0.1:1\n");
        Files.createDirectories(project.resolve("target/envtest"));
        Files.writeString(project.resolve("target/envtest/envtest.properties"), "envtest.url=https://127.0.0.1:2\n");
        assertEquals(elsewhere.resolve("e.properties"), Envtest.locate(elsewhere.resolve("e.properties").toString(), project));
        assertEquals(elsewhere.resolve("e.properties"), Envtest.locate("elsewhere/e.properties", project));
        assertEquals("https://127.0.0.1:1", Envtest.load(Envtest.locate("elsewhere/e.properties", project)).property("envtest.url"));
    }

    @Test
    void withoutTheSystemPropertyTheDefaultFileInTheWorkingDirectory() throws Exception {
        Files.createDirectories(project.resolve("target/envtest"));
        Files.writeString(project.resolve("target/envtest/envtest.properties"), "envtest.url=https://127.0.0.1:2\n");
        assertEquals(project.resolve("target/envtest/envtest.properties"), Envtest.locate(null, project));
        assertEquals(project.resolve("target/envtest/envtest.properties"), Envtest.locate(" ", project));
    }

    @Test
    void noFileNamesWhereItLookedTheGoalAndThePhase() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Envtest.locate(null, project));
        assertTrue(e.getMessage().startsWith("envtest.properties not found: the system property envtest.properties is not set and "
                + project.resolve("target/envtest/envtest.properties") + " does not exist."), e.getMessage());
        assertTrue(e.getMessage().contains("envtest-maven-plugin's start goal, which runs in the pre-integration-test phase"), e.getMessage());
        assertTrue(e.getMessage().contains("<execution> of the goals start and stop"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn verify, not mvn test"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn envtest:start"), e.getMessage());
    }

    @Test
    void aSystemPropertyNamingNoFileIsAnErrorNotAFallback() throws Exception {
        Files.createDirectories(project.resolve("target/envtest"));
        Files.writeString(project.resolve("target/envtest/envtest.properties"), "envtest.url=https://127.0.0.1:2\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Envtest.locate("/nonexistent/envtest.properties", project));
        assertTrue(e.getMessage().startsWith("envtest.properties not found at /nonexistent/envtest.properties (system property"
                + " envtest.properties). It is written by envtest-maven-plugin's start goal"), e.getMessage());
    }

    @Test
    void anUnresolvedMavenExpressionIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Envtest.locate("${envtest.properties}", project));
        assertTrue(e.getMessage().startsWith("system property envtest.properties is '${envtest.properties}', a Maven expression"
                + " nothing resolved. Fix: pass ${project.build.directory}/envtest/envtest.properties"), e.getMessage());
    }

    @Test
    void loadingAFileThatVanishedSaysHowToWriteIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Envtest.load(project.resolve("gone.properties")));
        assertTrue(e.getMessage().startsWith(project.resolve("gone.properties") + " does not exist. It is written by"), e.getMessage());
    }
}
