package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {

    @Test
    void loopbackAndWildcardsAreLocal() {
        for (String ip : new String[] {"127.0.0.1", "::1", "0.0.0.0", "::", "[::1]"}) {
            assertDoesNotThrow(() -> LocalAddresses.requireLocal(LocalAddresses.parseLiteral(ip, "bindAddress"), "bindAddress"), ip);
        }
    }

    @Test
    void anAddressOfAnotherMachineIsRefusedWithThisMachinesAddresses() {
        // 203.0.113.0/24 is TEST-NET-3: never assigned to a real interface.
        ControlPlaneException e = assertThrows(ControlPlaneException.class,
                () -> LocalAddresses.requireLocal(InetAddress.getByName("203.0.113.9"), "bindAddress"));
        assertTrue(e.getMessage().contains("203.0.113.9 is not an address of this machine"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void aHostNameIsNotAnIpLiteral() {
        ControlPlaneException e = assertThrows(ControlPlaneException.class, () -> LocalAddresses.parseLiteral("localhost", "bindAddress"));
        assertTrue(e.getMessage().contains("'localhost' is not an IP address"), e.getMessage());
    }

    @Test
    void aTakenPortIsReportedWithTheParameterToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ControlPlaneException e = assertThrows(ControlPlaneException.class,
                    () -> Ports.freeOrFail(InetAddress.getByName("127.0.0.1"), taken.getLocalPort(), "apiServerPort"));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("-Denvtest.apiServerPort=0"), e.getMessage());
        }
    }
}
