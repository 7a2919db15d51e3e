package dev.envtest.it.foundation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.envtest.junit.Envtest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A project whose failsafe configuration does not pass {@code envtest.properties}: envtest-junit then reads
 * target/envtest/envtest.properties under the working directory, and failsafe's is the module's own directory.
 */
class DefaultLocationIT {

    @Test
    void withoutTheSystemPropertyTheFileIsFoundUnderTheModulesTargetDirectory() {
        String given = System.clearProperty(Envtest.PROPERTIES_PROPERTY);
        assertNotNull(given, "this project's failsafe passes the property; the test removes it to see the fallback");
        try {
            Envtest envtest = Envtest.load();
            assertEquals(Path.of(given).toAbsolutePath().normalize(), envtest.file().normalize());
            assertEquals(Path.of(System.getProperty("basedir"), "target", "envtest", "envtest.properties"), envtest.file());
            assertEquals("https", envtest.url().getScheme());
        } finally {
            System.setProperty(Envtest.PROPERTIES_PROPERTY, given);
        }
    }
}
