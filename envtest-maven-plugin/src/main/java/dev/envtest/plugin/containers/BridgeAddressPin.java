package dev.envtest.plugin.containers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
 * <p>Only possible where the bridge is an interface of the build's own network namespace (rootful Podman, not a
 * rootless one's or a virtual machine's) and the build may change it (CAP_NET_ADMIN: a build run as root). It uses
 * {@code ip link set}, from iproute2, by absolute path only.
 */
final class BridgeAddressPin {

    /** {@code addr_assign_type} of an address set explicitly (include/uapi/linux/netdevice.h, NET_ADDR_SET). */
    static final String ADDRESS_SET = "3";
    private static final List<String> IP_COMMANDS = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");
    private static final long COMMAND_TIMEOUT_SECONDS = 5;

    enum Outcome {
        /** The address was set now. */
        PINNED,
        /** The bridge's address had been set already (netavark ≥ 1.9, Docker, an earlier call). */
        ALREADY_SET,
        /** No interface of this host carries the gateway (rootless Podman, a virtual machine, another host). */
        NOT_ON_THIS_HOST,
        /** The interface is there but could not be changed (no CAP_NET_ADMIN, no iproute2). */
        NOT_PERMITTED
    }

    record Result(Outcome outcome, String bridge, String detail) {
    }

    /** Runs a command and returns its exit code and output; {@link IOException} if it cannot be run. */
    interface Command {
        Ran run(List<String> command) throws IOException;
    }

    record Ran(int exitCode, String output) {
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
        List<String> set = List.of(ip.get().toString(), "link", "set", "dev", bridge, "address", address);
        try {
            Ran ran = command.run(set);
            if (ran.exitCode() != 0) {
                return new Result(Outcome.NOT_PERMITTED, bridge, String.join(" ", set) + " exited with " + ran.exitCode()
                        + (ran.output().isBlank() ? "" : ": " + ran.output().trim()));
            }
        } catch (IOException e) {
            return new Result(Outcome.NOT_PERMITTED, bridge, String.join(" ", set) + " could not run: " + e.getMessage());
        }
        return new Result(Outcome.PINNED, bridge, address);
    }

    private static Optional<String> interfaceWith(InetAddress address) {
        try {
            return Optional.ofNullable(NetworkInterface.getByInetAddress(address)).map(NetworkInterface::getName);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static Ran run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try (InputStream out = p.getInputStream()) {
            // ip's answer is a line at most: it fits the pipe, so waiting before reading cannot block it
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("no answer within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            return new Ran(p.exitValue(), new String(out.readNBytes(4096), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
