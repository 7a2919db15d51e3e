package dev.envtest.plugin.doctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A throw-away HTTPS listener where the API server would listen: it answers every request with 200 and records, per
 * connection, who connected, whether the TLS handshake completed (a client that does not trust the certificate or its
 * names aborts it with an alert, which is recorded), and the request line and whether it carried the expected token.
 * So the doctor can tell "nothing arrived" from "TLS refused" from "a verified request".
 */
final class TlsProbeListener implements AutoCloseable {

    /** One connection: where from, and what happened. */
    record Connection(String from, boolean handshake, String request, boolean tokenMatched, String failure) {
        String describe() {
            if (!handshake) {
                return "a connection from " + from + " whose TLS handshake failed: " + failure;
            }
            return "a connection from " + from + ", TLS handshake completed, " + (request.isEmpty() ? "no request (" + failure + ")"
                    : request + (tokenMatched ? " with the probe's token" : " without the probe's token"));
        }
    }

    private final SSLServerSocket server;
    private final String token;
    private final List<Connection> connections = new ArrayList<>();
    private final Thread acceptor;

    private TlsProbeListener(SSLServerSocket server, String token) {
        this.server = server;
        this.token = token;
        this.acceptor = new Thread(this::acceptAll, "envtest-doctor-listener");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Listens on {@code bind}:{@code port} (0: a free one); an {@link IOException} says why it cannot. */
    static TlsProbeListener open(InetAddress bind, int port, SSLContext tls, String token) throws IOException {
        ServerSocket plain = tls.getServerSocketFactory().createServerSocket();
        SSLServerSocket server = (SSLServerSocket) plain;
        server.setReuseAddress(false);
        server.setNeedClientAuth(false);
        server.bind(new InetSocketAddress(bind, port));
        return new TlsProbeListener(server, token);
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Whether some connection completed a request with the expected token. */
    synchronized boolean verifiedRequest() {
        return connections.stream().anyMatch(c -> c.handshake() && c.tokenMatched());
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                record(serve((SSLSocket) socket));
            } catch (IOException e) {
                // closed, or one connection failed before it could be described: the loop decides
            }
        }
    }

    private synchronized void record(Connection c) {
        connections.add(c);
    }

    private Connection serve(SSLSocket socket) {
        String from = socket.getInetAddress().getHostAddress();
        try {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        } catch (SSLException e) {
            return new Connection(from, false, "", false, explain(e));
        } catch (IOException e) {
            return new Connection(from, false, "", false, String.valueOf(e.getMessage()));
        }
        String request = "";
        boolean matched = false;
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = in.readLine();
            request = line == null ? "" : line.replaceFirst(" HTTP/.*$", "");
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
                    matched = header.substring("authorization:".length()).trim().equals("Bearer " + token);
                }
            }
            byte[] body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"message\":\"envtest doctor\"}\n"
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new Connection(from, true, request, matched, "");
        } catch (IOException e) {
            return new Connection(from, true, request, matched, String.valueOf(e.getMessage()));
        }
    }

    /** A client's alert, in words: the usual causes of each. */
    static String explain(SSLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("bad_certificate") || m.contains("certificate_unknown") || m.contains("unknown_ca")) {
            return m + " (the client refused the certificate: it does not trust the run's CA, or the name it dialled is not"
                    + " among the certificate's names)";
        }
        if (m.contains("terminated the handshake") || m.contains("closed")) {
            return m + " (the client hung up during the handshake, which usually means it refused the certificate: it does not"
                    + " trust the run's CA, or the name it dialled is not among the certificate's names)";
        }
        return m;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to release
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
