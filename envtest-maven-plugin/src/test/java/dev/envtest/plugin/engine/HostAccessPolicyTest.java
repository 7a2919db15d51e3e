package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bind address and container host name per engine mode (the table in the networking guide). */
class HostAccessPolicyTest {

    @Test
    void rootfulPodmanListensOnEveryAddressBecauseTheBridgeGatewayAppearsOnlyWithAContainer() {
        HostAccess access = HostAccessPolicy.choose(EngineMode.PODMAN_ROOTFUL);
        assertEquals("0.0.0.0", access.bindAddress());
        assertEquals("host.containers.internal", access.containerHost());
        assertEquals(Optional.empty(), access.addHost());
    }

    @Test
    void podmanMachineOnlyForwardsToIpv4Loopback() {
        HostAccess access = HostAccessPolicy.choose(EngineMode.PODMAN_MACHINE);
        assertEquals("127.0.0.1", access.bindAddress());
        assertEquals("host.containers.internal", access.containerHost());
    }

    @Test
    void rootlessPastaReachesTheHostsGlobalAddressNotLoopback() {
        assertEquals("0.0.0.0", HostAccessPolicy.choose(EngineMode.PODMAN_ROOTLESS_PASTA).bindAddress());
    }

    @Test
    void rootlessSlirp4netnsNeedsNoUserSettingBecauseThePodmanNameIsAGlobalAddressOfTheHost() {
        // measured on Podman 4.3.1 as a new user: with the former 127.0.0.1 + host.containers.internal:10.0.2.2 every
        // container got "connect: network is unreachable" (allow_host_loopback defaults to false)
        HostAccess access = HostAccessPolicy.choose(EngineMode.PODMAN_ROOTLESS_SLIRP4NETNS);
        assertEquals("0.0.0.0", access.bindAddress());
        assertEquals("host.containers.internal", access.containerHost());
        assertEquals(Optional.empty(), access.addHost(), "Podman's own host.containers.internal entry must stay");
    }

    @Test
    void everyWildcardChoiceSaysThatIpv6IsIncluded() {
        for (EngineMode mode : EngineMode.values()) {
            HostAccess access = HostAccessPolicy.choose(mode);
            if (access.bindAddress().equals("0.0.0.0")) {
                assertTrue(access.reason().contains("IPv6 as well as IPv4"), mode + ": " + access.reason());
                assertFalse(access.reason().contains("all IPv4 addresses"), mode + ": " + access.reason());
            }
        }
    }

    @Test
    void dockerEngineNeedsTheHostGatewayEntry() {
        HostAccess access = HostAccessPolicy.choose(EngineMode.DOCKER_ENGINE);
        assertEquals("0.0.0.0", access.bindAddress());
        assertEquals("host.docker.internal", access.containerHost());
        assertEquals(Optional.of("host.docker.internal:host-gateway"), access.addHost());
    }

    @Test
    void dockerDesktopAndNoEngineStayOnLoopback() {
        assertEquals("127.0.0.1", HostAccessPolicy.choose(EngineMode.DOCKER_DESKTOP).bindAddress());
        assertEquals("host.docker.internal", HostAccessPolicy.choose(EngineMode.DOCKER_DESKTOP).containerHost());
        assertEquals("127.0.0.1", HostAccessPolicy.choose(EngineMode.NONE).bindAddress());
    }

    @Test
    void everyModeExplainsItsChoice() {
        for (EngineMode mode : EngineMode.values()) {
            HostAccess access = HostAccessPolicy.choose(mode);
            assertFalse(access.reason().isBlank(), mode.name());
            assertTrue(access.bindAddress().equals("0.0.0.0") || access.bindAddress().equals("127.0.0.1"), mode.name());
        }
    }
}
