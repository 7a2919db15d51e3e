package dev.envtest.plugin.cluster;

import dev.envtest.plugin.engine.EngineMode;
import dev.envtest.plugin.engine.HostAccess;
import dev.envtest.plugin.engine.HostAccessPolicy;
import dev.envtest.plugin.pki.ServingCertificates;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The URL containers dial for an existing cluster, and the {@code --add-host} entry they need for it.
 *
 * <ul>
 *   <li>{@code containerApiServerUrl}, when set, always wins;</li>
 *   <li>a server that is not loopback is dialled as the kubeconfig gives it;</li>
 *   <li>a loopback server ({@code 127.0.0.1}, {@code ::1}, {@code localhost}) is rewritten to the engine's name for
 *       this machine ({@code host.containers.internal}, {@code host.docker.internal}) only when the server's
 *       certificate covers that name, since the containers verify TLS; else the error names the SANs it has and
 *       {@code containerApiServerUrl}. When the engine's containers cannot reach this machine's loopback, the server must
 *       also answer on a non-loopback address.</li>
 * </ul>
 */
public final class ContainerApiServer {

    public static final String PARAMETER = "containerApiServerUrl (-Denvtest.containerApiServerUrl)";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** @param reason one sentence for the log */
    public record Resolved(String url, Optional<String> addHost, String containerHost, String reason) {
    }

    private ContainerApiServer() {
    }

    /**
     * @param server   the kubeconfig's server URL
     * @param explicit {@code containerApiServerUrl}, if set
     * @param access   the engine's host access (its name for this machine and the --add-host entry for it)
     * @param mode     the engine's mode
     * @param caPem    the kubeconfig's CA, for the handshake that fetches the serving certificate
     */
    public static Resolved resolve(String server, Optional<String> explicit, HostAccess access, EngineMode mode, Optional<String> caPem) {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            String url = explicit.get().trim().replaceAll("/+$", "");
            URI uri = parse(url, PARAMETER);
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                throw new ClusterException(PARAMETER + "=" + url + " is not an https URL. Fix: give https://<host>:<port> as the"
                        + " containers reach the API server (its certificate must name <host>).");
            }
            return new Resolved(url, Optional.empty(), uri.getHost(), "containerApiServerUrl is set");
        }
        URI uri = parse(server, "the kubeconfig's server");
        String host = uri.getHost().replaceAll("^\\[|\\]$", "");
        if (!isLoopback(host)) {
            return new Resolved(server, Optional.empty(), host, "the kubeconfig's server is not loopback: containers dial it as it is");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        String name = access.containerHost();
        X509Certificate certificate;
        try {
            certificate = ServingCertificates.fetch(host, port, caPem, TIMEOUT);
        } catch (IOException e) {
            throw new ClusterException("cluster=existing: could not fetch the serving certificate of " + server + " (" + e.getMessage()
                    + ") to check that it names " + name + ". Fix: set " + PARAMETER + " to the URL containers dial.", e);
        }
        if (!ServingCertificates.covers(certificate, name)) {
            throw new ClusterException("cluster=existing: the kubeconfig's server " + server + " is loopback, which containers"
                    + " cannot dial; it would be rewritten to https://" + name + ":" + port + " (the engine's name for this"
                    + " machine), but the cluster's serving certificate does not name " + name + " (its names: "
                    + String.join(", ", ServingCertificates.describeNames(certificate)) + "), so the containers' TLS verification"
                    + " would fail. Fix: add " + name + " to the API server's certificate SANs (kind: networking.apiServerAddress /"
                    + " certSANs; k3s: --tls-san), or set " + PARAMETER + " to a URL whose host the certificate names.");
        }
        if (!HostAccessPolicy.containersReachLoopback(mode) && !answersBeyondLoopback(port)) {
            throw new ClusterException("cluster=existing: the API server " + server + " answers only on this machine's loopback,"
                    + " and the containers of " + mode.description() + " cannot reach loopback. Fix: make the API server listen on"
                    + " 0.0.0.0 (or an address containers reach) and keep " + name + " in its certificate, or set " + PARAMETER + ".");
        }
        return new Resolved("https://" + (name.contains(":") ? "[" + name + "]" : name) + ":" + port, access.addHost(), name,
                "the kubeconfig's server is loopback; rewritten to " + name + ", which its serving certificate names");
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts connections on {@code port} at one of this machine's non-loopback IPv4 addresses. */
    static boolean answersBeyondLoopback(int port) {
        for (InetAddress address : nonLoopbackAddresses()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 1000);
                return true;
            } catch (IOException e) {
                // not on this one
            }
        }
        return false;
    }

    private static List<InetAddress> nonLoopbackAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to try
        }
        return out;
    }

    private static URI parse(String url, String what) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ClusterException(what + " '" + url + "' is not a URL (" + e.getMessage() + "). Fix: give https://<host>:<port>.", e);
        }
    }
}
