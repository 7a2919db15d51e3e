package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports, and a clear answer when a chosen port is taken. */
public final class Ports {

    private Ports() {
    }

    /**
     * A port free on {@code address} right now (the kernel's choice), told to nobody else: only for showing that one can
     * be bound. A port that a process will bind comes from {@link PortReservations}, so that a parallel start is never
     * handed the same one meanwhile.
     */
    private static int free(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ControlPlaneException("could not find a free port on " + address.getHostAddress() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code requested} when it is free, else an error naming the parameter and the fix; when it is 0 (meaning: pick
     * one), a port free right now but not claimed (see {@link #free}).
     */
    public static int freeOrFail(InetAddress address, int requested, String parameter) {
        if (requested == 0) {
            return free(address);
        }
        if (requested < 1 || requested > 65535) {
            throw new ControlPlaneException(parameter + "=" + requested + " is not a TCP port. Fix: use 1-65535, or 0 for a free port.");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, requested));
            return requested;
        } catch (IOException e) {
            throw new ControlPlaneException("port " + requested + " on " + address.getHostAddress() + " is already in use ("
                    + e.getMessage() + "). Fix: stop what listens there, or set -Denvtest." + parameter
                    + "=0 (the default) to let the plugin pick a free port.", e);
        }
    }
}
