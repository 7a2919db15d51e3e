package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArtifactCoordinatesTest {

    @Test
    void withAndWithoutClassifier() {
        ArtifactCoordinates plain = ArtifactCoordinates.parse(" com.example.envtest:envtest:1.34.2 ");
        assertEquals(new ArtifactCoordinates("com.example.envtest", "envtest", "1.34.2", ""), plain);
        assertEquals("envtest-1.34.2.tar.gz", plain.fileName());
        ArtifactCoordinates classified = ArtifactCoordinates.parse("com.example.envtest:envtest:1.34.2:linux-amd64");
        assertEquals("linux-amd64", classified.classifier());
        assertEquals("com.example.envtest:envtest:1.34.2:linux-amd64", classified.toString());
        assertEquals("envtest-1.34.2-linux-amd64.tar.gz", classified.fileName());
    }

    @Test
    void otherShapesAreAClearError() {
        for (String bad : new String[] {"", "com.example:envtest", "a:b:c:d:e", "a::1.0", "a:b:1.0:tar.gz:x", "a b:c:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArtifactCoordinates.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("binaryArtifact '" + bad + "' is not groupId:artifactId:version[:classifier]"),
                    e.getMessage());
        }
    }
}
