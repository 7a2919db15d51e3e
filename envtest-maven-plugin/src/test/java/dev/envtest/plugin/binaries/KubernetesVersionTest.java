package dev.envtest.plugin.binaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesVersionTest {

    @Test
    void exactWildcardAndLatestSelect() {
        assertTrue(KubernetesVersion.parse("1.34.2").matches("1.34.2"));
        assertTrue(KubernetesVersion.parse("v1.34.2").matches("v1.34.2"));
        assertFalse(KubernetesVersion.parse("1.34.2").matches("1.34.3"));
        assertTrue(KubernetesVersion.parse("1.34.x").matches("1.34.9"));
        assertFalse(KubernetesVersion.parse("1.34.x").matches("1.35.0"));
        assertTrue(KubernetesVersion.parse("1.x").matches("1.30.0"));
        assertTrue(KubernetesVersion.parse("latest").matches("9.9.9"));
        assertEquals("1.34.2", KubernetesVersion.parse("v1.34.2").exactText());
        assertFalse(KubernetesVersion.parse("1.34").exact());
    }

    @Test
    void ordersByNumberNotText() {
        List<String> versions = new ArrayList<>(List.of("1.10.0", "1.9.9", "1.34.10", "1.34.2"));
        versions.sort(KubernetesVersion.ordering());
        assertEquals(List.of("1.9.9", "1.10.0", "1.34.2", "1.34.10"), versions);
    }

    @Test
    void preReleasesAreNotSelectedAndTheDefaultIsExact() {
        assertFalse(KubernetesVersion.parse("latest").matches("1.35.0-rc.0"));
        assertFalse(KubernetesVersion.parse("1.35.x").matches("v1.35.0-alpha.1"));
        assertTrue(KubernetesVersion.parse(KubernetesVersion.DEFAULT).exact());
    }

    @Test
    void garbageIsRefusedWithExamples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KubernetesVersion.parse("one.two"));
        assertTrue(e.getMessage().contains("1.34.x") && e.getMessage().contains("latest"), e.getMessage());
    }
}
