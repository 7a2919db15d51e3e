package dev.envtest.plugin.controlplane;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;

/** Whether an IP literal is one this machine can listen on. */
public final class LocalAddresses {

    private LocalAddresses() {
    }

    /** Parses an IP literal (no host name lookups); brackets around IPv6 are accepted. */
    public static InetAddress parseLiteral(String text, String parameter) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!(t.contains(":") || t.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new ControlPlaneException(parameter + " '" + text + "' is not an IP address. Fix: use 'auto', or an IP"
                    + " of this machine such as 127.0.0.1, ::1 or 0.0.0.0.");
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new ControlPlaneException(parameter + " '" + text + "' is not a valid IP address.", e);
        }
    }

    /** Fails unless {@code address} is a wildcard or belongs to one of this machine's interfaces. */
    public static void requireLocal(InetAddress address, String parameter) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.equals(address)) {
                        return;
                    }
                }
            }
        } catch (SocketException e) {
            throw new ControlPlaneException("could not list this machine's network interfaces: " + e.getMessage(), e);
        }
        throw new ControlPlaneException(parameter + " " + address.getHostAddress() + " is not an address of this machine"
                + " (its addresses: " + String.join(", ", all()) + "). Fix: use 'auto' (the default), 0.0.0.0, or one of those.");
    }

    static List<String> all() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                    .map(a -> a.getHostAddress().replaceAll("%.*$", ""))
                    .toList();
        } catch (SocketException e) {
            return List.of();
        }
    }

    /** The host part of a URL for an IP or name: IPv6 in brackets. */
    public static String urlHost(String hostOrIp) {
        return hostOrIp.contains(":") && !hostOrIp.startsWith("[") ? "[" + hostOrIp + "]" : hostOrIp;
    }
}
