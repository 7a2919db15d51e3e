package dev.envtest.plugin.controlplane;

/**
 * A port chosen for etcd or kube-apiserver, and the claim on it that keeps other starts off it until the process it
 * was chosen for has bound it. {@link #release()} gives the claim up (the port itself stays with whoever bound it).
 */
public final class PortReservation {

    private final int port;
    private final Runnable release;
    private boolean released;

    PortReservation(int port, Runnable release) {
        this.port = port;
        this.release = release;
    }

    /** A port nobody else was told about: an explicitly requested one, or one chosen while reservations are off. */
    static PortReservation unreserved(int port) {
        return new PortReservation(port, () -> {
        });
    }

    public int port() {
        return port;
    }

    /** Removes the claim once; later calls do nothing. */
    public synchronized void release() {
        if (!released) {
            released = true;
            release.run();
        }
    }
}
