package dev.envtest.plugin.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link BridgeAddressPin} decides from a bridge's sysfs entries, against a directory laid out like
 * {@code /sys/class/net}; the real bridge is pinned in ContainersEngineIT.
 */
class BridgeAddressPinTest {

    private static final String MAC = "62:d7:90:09:a5:4a";
    private static final Path IP = Path.of("/usr/sbin/ip");

    @TempDir
    Path sys;

    private final List<List<String>> ran = new ArrayList<>();

    private InetAddress gateway() throws IOException {
        return InetAddress.getByName("10.89.0.1");
    }

    private void device(String name, boolean bridge, String assignType) throws IOException {
        Path d = Files.createDirectories(sys.resolve(name));
        if (bridge) {
            Files.createDirectories(d.resolve("bridge"));
        }
        Files.writeString(d.resolve("addr_assign_type"), assignType + "\n");
        Files.writeString(d.resolve("address"), MAC + "\n");
    }

    private BridgeAddressPin pin(Optional<String> iface, BridgeAddressPin.Ran answer, Optional<Path> ip) {
        return new BridgeAddressPin(sys, a -> iface, command -> {
            ran.add(command);
            return answer;
        }, ip);
    }

    @Test
    void aBridgeWhoseAddressFollowsItsPortsIsSetToTheAddressItHasNow() throws IOException {
        device("podman1", true, "1");
        BridgeAddressPin.Result r = pin(Optional.of("podman1"), new BridgeAddressPin.Ran(0, ""), Optional.of(IP)).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.PINNED, r.outcome());
        assertEquals("podman1", r.bridge());
        assertEquals(MAC, r.detail());
        assertEquals(List.of(List.of("/usr/sbin/ip", "link", "set", "dev", "podman1", "address", MAC)), ran);
    }

    @Test
    void anAddressSetBeforeIsLeftAlone() throws IOException {
        device("br-1a2b", true, BridgeAddressPin.ADDRESS_SET);
        BridgeAddressPin.Result r = pin(Optional.of("br-1a2b"), new BridgeAddressPin.Ran(0, ""), Optional.of(IP)).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.ALREADY_SET, r.outcome());
        assertEquals(List.of(), ran, "nothing is run");
    }

    @Test
    void aGatewayNoInterfaceCarriesOrOneThatIsNoBridgeIsNotThisHosts() throws IOException {
        device("eth0", false, "0");
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST,
                pin(Optional.empty(), new BridgeAddressPin.Ran(0, ""), Optional.of(IP)).pin(gateway()).outcome());
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST,
                pin(Optional.of("eth0"), new BridgeAddressPin.Ran(0, ""), Optional.of(IP)).pin(gateway()).outcome());
        assertEquals(List.of(), ran);
    }

    @Test
    void aRefusedChangeSaysWhatTheCommandAnswered() throws IOException {
        device("podman1", true, "1");
        BridgeAddressPin.Result r = pin(Optional.of("podman1"), new BridgeAddressPin.Ran(2, "RTNETLINK answers: Operation not permitted\n"),
                Optional.of(IP)).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.NOT_PERMITTED, r.outcome());
        assertTrue(r.detail().contains("exited with 2: RTNETLINK answers: Operation not permitted"), r.detail());
    }

    @Test
    void withoutIproute2NothingIsRun() throws IOException {
        device("podman1", true, "1");
        BridgeAddressPin.Result r = pin(Optional.of("podman1"), new BridgeAddressPin.Ran(0, ""), Optional.empty()).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.NOT_PERMITTED, r.outcome());
        assertTrue(r.detail().contains("no iproute2 'ip' command"), r.detail());
        assertEquals(List.of(), ran);
    }

    @Test
    void onThisHostLoopbackIsNoBridge() throws IOException {
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST,
                BridgeAddressPin.onThisHost().pin(InetAddress.getByName("127.0.0.1")).outcome());
    }
}
