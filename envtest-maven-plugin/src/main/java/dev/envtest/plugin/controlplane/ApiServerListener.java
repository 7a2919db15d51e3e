package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where a kube-apiserver listens, read from its command line, and whether that port has closed: the moment from which
 * a stopping API server does nothing that anyone keeps.
 *
 * <p>Why: after SIGTERM, kube-apiserver runs its pre-shutdown hooks, stops taking requests and closes its listener,
 * drains the requests in flight, and then waits for Go's HTTP server to shut down, where HTTP/2 gives each peer a
 * second to answer its GOAWAY. Its own loopback client never does, so every stop took about a second more than its
 * work (v1.34.2, {@code --v=1}: "HTTPServerStoppedListening" 2 ms after the signal, "apiserver is exiting" 1052 ms
 * after it). What runs after the listener closes is that wait and the storage's teardown, which only touch etcd, whose
 * data {@code stop} throws away next.
 *
 * <p>Not so with an audit log or webhook, or tracing, set through {@code apiServerArgs}: their backends flush after
 * the drain, which may end after the listener has closed. Then the API server gets its whole grace, as before.
 */
final class ApiServerListener {

    private static final List<String> FLUSHED_AT_EXIT = List.of("audit-log-path", "audit-webhook-config-file", "tracing-config-file");
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    private ApiServerListener() {
    }

    /**
     * What to dial to learn whether it still listens, from its arguments ({@code --flag=value} or {@code --flag value});
     * empty when a backend it flushes at exit is configured (see above) or no usable {@code --secure-port} is given.
     */
    static Optional<InetSocketAddress> dialledAt(List<String> arguments) {
        Optional<String> port = flag(arguments, "secure-port");
        Optional<String> bind = flag(arguments, "bind-address");
        if (FLUSHED_AT_EXIT.stream().anyMatch(f -> flag(arguments, f).filter(v -> !v.isBlank()).isPresent())) {
            return Optional.empty();
        }
        try {
            // the plugin always sets it; without it the port would be a guess, and a wrong guess refused means a kill
            if (port.isEmpty()) {
                return Optional.empty();
            }
            int number = Integer.parseInt(port.get());
            if (number <= 0 || number > 65535) {
                return Optional.empty();
            }
            InetAddress address = InetAddress.getByName(bind.orElse("0.0.0.0"));
            if (address.isAnyLocalAddress()) {
                // the unspecified address listens on loopback too
                address = address instanceof java.net.Inet6Address ? InetAddress.getByName("::1") : InetAddress.getLoopbackAddress();
            }
            return Optional.of(new InetSocketAddress(address, number));
        } catch (NumberFormatException | UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** From a running process's command line (this JVM's child or not); empty where the platform does not show it. */
    static Optional<BooleanSupplier> closedCheck(ProcessHandle apiServer) {
        return apiServer.info().arguments().map(List::of).flatMap(ApiServerListener::dialledAt)
                .map(address -> () -> refuses(address));
    }

    /**
     * Only a refused connection counts: one that is accepted, or times out, or fails otherwise may still be served.
     * The connection is closed at once; the server reads its end and drops it.
     */
    static boolean refuses(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            return false;
        } catch (ConnectException e) {
            // ECONNREFUSED; not an unreachable network, which says nothing of the listener
            return String.valueOf(e.getMessage()).contains("refused");
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> flag(List<String> arguments, String name) {
        String prefix = "--" + name + "=";
        Optional<String> found = Optional.empty();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith(prefix)) {
                found = Optional.of(argument.substring(prefix.length()));
            } else if (argument.equals("--" + name) && i + 1 < arguments.size()) {
                found = Optional.of(arguments.get(i + 1));
            }
        }
        // the last one counts, as for Go's flag package
        return found;
    }
}
