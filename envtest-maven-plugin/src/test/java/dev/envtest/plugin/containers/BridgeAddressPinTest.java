package dev.envtest.plugin.containers;

import dev.envtest.plugin.command.Finished;

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

    private BridgeAddressPin pin(Optional<String> iface, Finished answer, Optional<Path> ip) {
        return new BridgeAddressPin(sys, a -> iface, command -> {
            ran.add(command);
            return answer;
        }, ip);
    }

    @Test
    void aBridgeWhoseAddressFollowsItsPortsIsSetToTheAddressItHasNow() throws IOException {
        device("podman1", true, "1");
        BridgeAddressPin.Result r = pin(Optional.of("podman1"), new Finished(0, ""), Optional.of(IP)).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.PINNED, r.outcome());
        assertEquals("podman1", r.bridge());
        assertEquals(MAC, r.detail());
        assertEquals(List.of(List.of("/usr/sbin/ip", "link", "set", "dev", "podman1", "address", MAC)), ran);
    }

    @Test
    void anAddressSetBeforeIsLeftAlone() throws IOException {
        device("br-1a2b", true, BridgeAddressPin.ADDRESS_SET);
        BridgeAddressPin.Result r = pin(Optional.of("br-1a2b"), new Finished(0, ""), Optional.of(IP)).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.ALREADY_SET, r.outcome());
        assertEquals(List.of(), ran, "nothing is run");
    }

    @Test
    void aGatewayNoInterfaceCarriesOrOneThatIsNoBridgeIsNotThisHosts() throws IOException {
        device("eth0", false, "0");
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST,
                pin(Optional.empty(), new Finished(0, ""), Optional.of(IP)).pin(gateway()).outcome());
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST,
                pin(Optional.of("eth0"), new Finished(0, ""), Optional.of(IP)).pin(gateway()).outcome());
        assertEquals(List.of(), ran);
    }

    @Test
    void aRefusedChangeSaysWhatTheCommandAnswered() throws IOException {
        device("podman1", true, "1");
        BridgeAddressPin.Result r = pin(Optional.of("podman1"), new Finished(2, "RTNETLINK answers: Operation not permitted\n"),
                Optional.of(IP)).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.NOT_PERMITTED, r.outcome());
        assertTrue(r.detail().contains("exited with 2: RTNETLINK answers: Operation not permitted"), r.detail());
    }

    @Test
    void withoutIproute2NothingIsRun() throws IOException {
        device("podman1", true, "1");
        BridgeAddressPin.Result r = pin(Optional.of("podman1"), new Finished(0, ""), Optional.empty()).pin(gateway());
        assertEquals(BridgeAddressPin.Outcome.NOT_PERMITTED, r.outcome());
        assertTrue(r.detail().contains("no iproute2 'ip' command"), r.detail());
        assertEquals(List.of(), ran);
    }

    // ---- rootless: the script, run by this host's sh against an ip that answers as iproute2 did in a rootless netns ----

    /** An {@code ip} answering with the lines iproute2 6.1 printed in Podman 4.3's rootless network namespace. */
    private Path fakeIp(int setExit) throws IOException {
        Path ip = sys.resolve("ip");
        Files.writeString(ip, """
                #!/bin/sh
                case "$*" in
                  "-o -4 addr show") printf '%s\\n' \
                    '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever' \
                    '2: tap0    inet 10.0.2.100/24 brd 10.0.2.255 scope global tap0\\       valid_lft forever preferred_lft forever' \
                    '3: podman1    inet 10.89.0.1/24 brd 10.89.0.255 scope global podman1\\       valid_lft forever preferred_lft forever' ;;
                  "-o -d link show dev podman1") echo '3: podman1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 8a:1e:c2:98:2a:38 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535 \\    bridge forward_delay 1500 hello_time 200' ;;
                  "-o -d link show dev tap0") echo '2: tap0: <BROADCAST,UP,LOWER_UP> mtu 65520 qdisc fq_codel state UNKNOWN\\    link/ether 9a:7c:1f:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 \\    tun type tap pi off' ;;
                  "-o link show dev podman1") echo '3: podman1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 8a:1e:c2:98:2a:38 brd ff:ff:ff:ff:ff:ff' ;;
                  "link set "*) echo "$*" >> "$(dirname "$0")/set.log"; [ @EXIT@ = 0 ] || echo 'RTNETLINK answers: Operation not permitted'; exit @EXIT@ ;;
                  *) echo "unexpected: $*" >&2; exit 99 ;;
                esac
                """.replace("@EXIT@", Integer.toString(setExit)));
        ip.toFile().setExecutable(true);
        return ip;
    }

    /** Runs what would run inside {@code podman unshare --rootless-netns}, here, by this host's {@code /bin/sh}. */
    private BridgeAddressPin rootless(Path ip) {
        return new BridgeAddressPin(sys, a -> Optional.empty(), command -> {
            ran.add(command);
            assertEquals(List.of("podman", "unshare", "--rootless-netns"), command.subList(0, 3));
            Process p = new ProcessBuilder(command.subList(3, command.size())).redirectErrorStream(true).start();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            // what podman prints of its own on this machine, before the script's line
            return new Finished(p.exitValue(), "failed to connect to syslog: Initialization\n"
                    + new String(p.getInputStream().readAllBytes()));
        }, Optional.of(ip));
    }

    @Test
    void rootlessTheBridgeCarryingTheGatewayIsSetToItsOwnAddress() throws IOException {
        BridgeAddressPin.Result r = rootless(fakeIp(0)).pinInRootlessNetns(gateway());
        assertEquals(BridgeAddressPin.Outcome.PINNED, r.outcome(), r.detail());
        assertEquals("podman1", r.bridge());
        assertEquals("8a:1e:c2:98:2a:38", r.detail());
        assertEquals("link set dev podman1 address 8a:1e:c2:98:2a:38\n", Files.readString(sys.resolve("set.log")));
    }

    @Test
    void rootlessAGatewayNoBridgeCarriesChangesNothing() throws IOException {
        Path ip = fakeIp(0);
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST, rootless(ip).pinInRootlessNetns(InetAddress.getByName("10.0.2.100")).outcome(),
                "tap0 is no bridge");
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST, rootless(ip).pinInRootlessNetns(InetAddress.getByName("10.90.0.1")).outcome(),
                "no interface carries it");
        assertTrue(Files.notExists(sys.resolve("set.log")), "nothing was set");
    }

    @Test
    void rootlessARefusedChangeSaysWhatIpAnswered() throws IOException {
        BridgeAddressPin.Result r = rootless(fakeIp(2)).pinInRootlessNetns(gateway());
        assertEquals(BridgeAddressPin.Outcome.NOT_PERMITTED, r.outcome());
        assertTrue(r.detail().contains("exited with 13") && r.detail().contains("RTNETLINK answers: Operation not permitted"), r.detail());
    }

    @Test
    void rootlessWithoutThePodmanCliNothingIsSet() throws IOException {
        BridgeAddressPin pin = new BridgeAddressPin(sys, a -> Optional.empty(), command -> {
            throw new IOException("Cannot run program \"podman\": error=2, No such file or directory");
        }, Optional.of(IP));
        BridgeAddressPin.Result r = pin.pinInRootlessNetns(gateway());
        assertEquals(BridgeAddressPin.Outcome.NOT_PERMITTED, r.outcome());
        assertTrue(r.detail().contains("No such file or directory"), r.detail());
    }

    @Test
    void podmanSetsItsBridgesAddressesFrom48() {
        assertEquals(List.of(false, false, false, true, true, true), List.of("4.3.1", "3.4.4", "4.7.2", "4.8.0", "v5.2.1", "5.0.0-dev")
                .stream().map(BridgeAddressPin::podmanSetsBridgeAddresses).toList());
        assertEquals(false, BridgeAddressPin.podmanSetsBridgeAddresses("unknown"), "an unknown version is pinned");
    }

    @Test
    void onThisHostLoopbackIsNoBridge() throws IOException {
        assertEquals(BridgeAddressPin.Outcome.NOT_ON_THIS_HOST,
                BridgeAddressPin.onThisHost().pin(InetAddress.getByName("127.0.0.1")).outcome());
    }
}
