package dev.envtest.plugin.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** auto vs configured bindAddress and containerHost: what is asked of the engine, what goes in the certificate, what wins. */
class HostAccessChoiceTest {

    @Test
    void autoIsBlankAbsentOrTheWordInAnyCase() {
        assertTrue(HostAccessChoice.isAuto(null));
        assertTrue(HostAccessChoice.isAuto(" "));
        assertTrue(HostAccessChoice.isAuto(" AUTO "));
        assertFalse(HostAccessChoice.isAuto("127.0.0.1"));
    }

    @Test
    void bothAutoTakeTheEnginesTableEntryWithItsReasonAndAddHost() {
        HostAccess access = new HostAccessChoice("auto", "auto").choose(EngineMode.DOCKER_ENGINE);
        assertEquals(HostAccessPolicy.choose(EngineMode.DOCKER_ENGINE), access);
        assertEquals(Optional.of("host.docker.internal:host-gateway"), access.addHost());
    }

    @Test
    void aConfiguredContainerHostWinsAndDropsTheTablesAddHost() {
        HostAccess access = new HostAccessChoice("auto", " my.host ").choose(EngineMode.DOCKER_ENGINE);
        assertEquals("0.0.0.0", access.bindAddress());
        assertEquals("my.host", access.containerHost());
        assertEquals(Optional.empty(), access.addHost());
        assertEquals("configured; bind address: " + HostAccessPolicy.choose(EngineMode.DOCKER_ENGINE).reason(), access.reason());
    }

    @Test
    void aConfiguredBindAddressWinsAndKeepsTheTablesHostName() {
        HostAccess access = new HostAccessChoice("127.0.0.1", "auto").choose(EngineMode.PODMAN_ROOTFUL);
        assertEquals("127.0.0.1", access.bindAddress());
        assertEquals("host.containers.internal", access.containerHost());
        assertEquals("configured", access.reason());
    }

    @Test
    void theEngineIsAskedOnlyWhenSomethingIsAuto() {
        assertTrue(new HostAccessChoice("auto", "localhost").needsEngine());
        assertTrue(new HostAccessChoice("127.0.0.1", "").needsEngine());
        assertFalse(new HostAccessChoice("127.0.0.1", "localhost").needsEngine());
    }

    @Test
    void configuredNamesGoInTheCertificateButNotAWildcardBindAddress() {
        assertEquals(List.of("extra.example", "svc.example", "10.0.0.5"),
                new HostAccessChoice("[10.0.0.5]", "svc.example").servingNames(List.of("extra.example")));
        assertEquals(List.of("svc.example"), new HostAccessChoice("0.0.0.0", "svc.example").servingNames(List.of()));
        assertEquals(List.of(), new HostAccessChoice("::", "auto").servingNames(List.of()));
        assertEquals(List.of("extra.example"), new HostAccessChoice("auto", "auto").servingNames(List.of("extra.example")));
    }
}
