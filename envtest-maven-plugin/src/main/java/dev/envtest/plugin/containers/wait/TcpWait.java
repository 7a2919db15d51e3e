package dev.envtest.plugin.containers.wait;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Ready when a TCP connection to the published port stays open. A port-forwarding proxy (rootless Podman's
 * rootlessport, Docker's docker-proxy) accepts connections before the container listens and then closes them at
 * once; so a connection that reaches end-of-stream within a short read is not counted as ready.
 */
public final class TcpWait implements WaitStrategy {

    private static final int CONNECT_MILLIS = 1000;
    private static final int SETTLE_MILLIS = 150;

    private final int port;
    private final Duration timeout;

    public TcpWait(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    public int port() {
        return port;
    }

    @Override
    public String describe() {
        return "TCP port " + port + " accepts connections";
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public List<Integer> requiredPorts() {
        return List.of(port);
    }

    @Override
    public Check check(WaitTarget target) {
        OptionalInt hostPort = target.hostPort(port);
        if (hostPort.isEmpty()) {
            return Check.notYet("port " + port + " is not published");
        }
        String where = target.host() + ":" + hostPort.getAsInt();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), hostPort.getAsInt()), CONNECT_MILLIS);
            socket.setSoTimeout(SETTLE_MILLIS);
            InputStream in = socket.getInputStream();
            try {
                if (in.read() < 0) {
                    return Check.notYet(where + " accepted and closed the connection (a port proxy with nothing listening behind it)");
                }
                return Check.ready(where + " accepted a connection and sent data");
            } catch (SocketTimeoutException quiet) {
                return Check.ready(where + " accepted a connection");
            }
        } catch (IOException e) {
            return Check.notYet(where + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
