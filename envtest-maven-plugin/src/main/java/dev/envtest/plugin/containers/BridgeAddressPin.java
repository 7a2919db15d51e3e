package dev.envtest.plugin.containers;

import dev.envtest.plugin.command.Finished;
import dev.envtest.plugin.command.ShortCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives the build network's bridge on the host a MAC address of its own, where the plugin can, so that containers
 * joining and leaving the network no longer change it.
 *
 * <p>Why: Linux gives a bridge whose address was never set the lowest address among its ports, so a container whose
 * host-side veth has a lower one changes the gateway's MAC when it starts, and the container holding the lowest one
 * changes it again when it stops. Containers already running still send to the old address until they ask ARP
 * again: a connection to the host (the API server, at the gateway) begun at that moment hangs, measured on this
 * project's machine from one SYN retransmission (1 s) to longer than a 15 s connect timeout, and for up to about 100 s
 * in containers/netavark#833. netavark sets the address itself since 1.9 (that pull request); Docker always did; Podman
 * with netavark 1.4 (Debian 12) does not. Setting the address to the one the bridge has now changes nothing else, and
 * the kernel then keeps it until netavark removes the bridge with the network's last container.
 *
 * <p>Rootful Podman's bridge is an interface of the build's own network namespace: read in {@code /sys/class/net}, set
 * where the build may (CAP_NET_ADMIN: a build run as root). Rootless Podman's is in its rootless network namespace,
 * which its user may change: entered with {@code podman unshare --rootless-netns} (whose {@code /sys} still shows the
 * host's interfaces, so everything there is asked of iproute2, which speaks netlink in the namespace it runs in). A
 * Podman machine's is in its virtual machine: out of reach. iproute2's {@code ip} is run by absolute path only.
 */
final class BridgeAddressPin {

    /** {@code addr_assign_type} of an address set explicitly (include/uapi/linux/netdevice.h, NET_ADDR_SET). */
    static final String ADDRESS_SET = "3";
    private static final List<String> IP_COMMANDS = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

    enum Outcome {
        /** The address was set now. */
        PINNED,
        /** The bridge's address had been set already (netavark ≥ 1.9, Docker, an earlier call). */
        ALREADY_SET,
        /** No bridge carries the gateway where it was looked for (this host's interfaces, or the rootless namespace's). */
        NOT_ON_THIS_HOST,
        /** The interface is there but could not be changed (no CAP_NET_ADMIN, no iproute2). */
        NOT_PERMITTED
    }

    record Result(Outcome outcome, String bridge, String detail) {
    }

    /** Runs a command and returns its exit code and output; {@link IOException} if it cannot be run. */
    interface Command {
        Finished run(List<String> command) throws IOException;
    }

    private final Path sysClassNet;
    private final Function<InetAddress, Optional<String>> interfaceWith;
    private final Command command;
    private final Optional<Path> ip;

    /** This host's: {@code /sys/class/net}, its interfaces and the first iproute2 {@code ip} found. */
    static BridgeAddressPin onThisHost() {
        return new BridgeAddressPin(Path.of("/sys/class/net"), BridgeAddressPin::interfaceWith, BridgeAddressPin::run,
                IP_COMMANDS.stream().map(Path::of).filter(Files::isExecutable).findFirst());
    }

    BridgeAddressPin(Path sysClassNet, Function<InetAddress, Optional<String>> interfaceWith, Command command, Optional<Path> ip) {
        this.sysClassNet = sysClassNet;
        this.interfaceWith = interfaceWith;
        this.command = command;
        this.ip = ip;
    }

    /**
     * What runs in the rootless network namespace, as {@code sh -c SCRIPT sh <ip> <gateway>}: finds the interface
     * carrying the gateway, checks that it is a bridge, and sets its address to the one it has. There is no
     * {@code addr_assign_type} to read there, so it is set whether or not it was before (the same address: no change).
     */
    // (a plain string: the plugin descriptor's source parser reads no text blocks)
    static final String ROOTLESS_SCRIPT = ""
            + "ip=\"$1\"; gw=\"$2\"\n"
            + "dev=$(\"$ip\" -o -4 addr show | while read -r _ name _ addr _; do [ \"${addr%/*}\" = \"$gw\" ] && echo \"$name\" && break; done)\n"
            + "[ -n \"$dev\" ] || exit 10\n"
            + "\"$ip\" -o -d link show dev \"$dev\" | grep -q ' bridge ' || exit 11\n"
            + "mac=$(\"$ip\" -o link show dev \"$dev\" | sed -n 's|.*link/ether \\([0-9a-f:]*\\).*|\\1|p')\n"
            + "[ -n \"$mac\" ] || exit 12\n"
            + "\"$ip\" link set dev \"$dev\" address \"$mac\" || exit 13\n"
            + "echo \"$dev $mac\"\n";


    /**
     * Whether a Podman of this version sets its bridges' addresses itself: from 4.8, which ships netavark 1.9. An
     * unknown version counts as older (pinning an address that was set already changes nothing).
     */
    static boolean podmanSetsBridgeAddresses(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 4 || (major == 4 && minor >= 8);
    }

    /** Pins the bridge that carries {@code gateway}, if it is a bridge of this host whose address was never set. */
    Result pin(InetAddress gateway) {
        Optional<String> name = interfaceWith.apply(gateway);
        if (name.isEmpty() || !Files.isDirectory(sysClassNet.resolve(name.get()).resolve("bridge"))) {
            return new Result(Outcome.NOT_ON_THIS_HOST, name.orElse(""), "no bridge of this host carries " + gateway.getHostAddress());
        }
        String bridge = name.get();
        Path device = sysClassNet.resolve(bridge);
        String assignType;
        String address;
        try {
            assignType = Files.readString(device.resolve("addr_assign_type")).trim();
            address = Files.readString(device.resolve("address")).trim();
        } catch (IOException e) {
            return new Result(Outcome.NOT_ON_THIS_HOST, bridge, "cannot read " + device + ": " + e.getMessage());
        }
        if (ADDRESS_SET.equals(assignType)) {
            return new Result(Outcome.ALREADY_SET, bridge, address);
        }
        if (ip.isEmpty()) {
            return new Result(Outcome.NOT_PERMITTED, bridge, "no iproute2 'ip' command in " + String.join(", ", IP_COMMANDS));
        }
        // A container joining between the read and the set may have moved the address meanwhile; setting the one read
        // moves it once more, and then never again: the same outcome a moment later.
        List<String> set = List.of(ip.get().toString(), "link", "set", "dev", bridge, "address", address);
        try {
            Finished ran = command.run(set);
            if (ran.exitCode() != 0) {
                return new Result(Outcome.NOT_PERMITTED, bridge, String.join(" ", set) + " exited with " + ran.exitCode()
                        + (ran.output().isBlank() ? "" : ": " + ran.output().trim()));
            }
        } catch (IOException e) {
            return new Result(Outcome.NOT_PERMITTED, bridge, String.join(" ", set) + " could not run: " + e.getMessage());
        }
        return new Result(Outcome.PINNED, bridge, address);
    }

    /** Pins the bridge that carries {@code gateway} in rootless Podman's network namespace, through the podman CLI. */
    Result pinInRootlessNetns(InetAddress gateway) {
        if (ip.isEmpty()) {
            return new Result(Outcome.NOT_PERMITTED, "", "no iproute2 'ip' command in " + String.join(", ", IP_COMMANDS));
        }
        List<String> unshare = List.of("podman", "unshare", "--rootless-netns", "/bin/sh", "-c", ROOTLESS_SCRIPT, "sh",
                ip.get().toString(), gateway.getHostAddress());
        Finished ran;
        try {
            ran = command.run(unshare);
        } catch (IOException e) {
            return new Result(Outcome.NOT_PERMITTED, "", "podman unshare --rootless-netns could not run: " + e.getMessage());
        }
        String out = ran.output().trim();
        return switch (ran.exitCode()) {
            // podman may add lines of its own ("failed to connect to syslog") around the script's one
            case 0 -> out.lines().filter(l -> l.matches("\\S+ \\p{XDigit}{2}(:\\p{XDigit}{2}){5}")).findFirst()
                    .map(l -> new Result(Outcome.PINNED, l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)))
                    .orElseGet(() -> new Result(Outcome.NOT_PERMITTED, "", "podman unshare --rootless-netns answered '" + out + "'"));
            case 10 -> new Result(Outcome.NOT_ON_THIS_HOST, "", "no interface of the rootless network namespace carries "
                    + gateway.getHostAddress());
            case 11 -> new Result(Outcome.NOT_ON_THIS_HOST, "", "the interface carrying " + gateway.getHostAddress()
                    + " in the rootless network namespace is no bridge");
            default -> new Result(Outcome.NOT_PERMITTED, "", "podman unshare --rootless-netns … ip link set exited with "
                    + ran.exitCode() + (out.isEmpty() ? "" : ": " + out));
        };
    }

    private static Optional<String> interfaceWith(InetAddress address) {
        try {
            return Optional.ofNullable(NetworkInterface.getByInetAddress(address)).map(NetworkInterface::getName);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** Runs a command to its end within the timeout; at the timeout it and whatever it started are killed. */
    private static Finished run(List<String> command) throws IOException {
        return ShortCommand.of(command).withTimeout(COMMAND_TIMEOUT).withOutputLimit(4096).run();
    }
}
