package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.pki.IssuedCertificate;
import dev.envtest.plugin.pki.SubjectAlternativeName;
import dev.envtest.plugin.pki.TlsContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;

/** The probe's HTTP/1.1 exchanges with a scripted server on loopback: what it reads, when it reconnects, how it ends. */
class ReadinessProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final CertificateAuthority CA = CertificateAuthority.create("envtest-ca", Duration.ofDays(1));

    @Test
    void pollsOnOneKeptAliveConnectionUntilTheAnswerIs200() throws Exception {
        try (ScriptedServer server = ScriptedServer.plain(n -> n < 3
                ? answer("503 Service Unavailable", "[-]etcd failed: reason withheld\nreadyz check failed\n")
                : answer("200 OK", "ok"))) {
            ReadinessProbe probe = new ReadinessProbe(null);
            assertEquals(ReadinessProbe.Outcome.READY, probe.await(server.url("/readyz?exclude=a&exclude=b"), TIMEOUT, () -> true));
            assertEquals(1, server.connections.get(), "one connection for every poll");
            assertEquals(List.of("GET /readyz?exclude=a&exclude=b HTTP/1.1", "GET /readyz?exclude=a&exclude=b HTTP/1.1",
                    "GET /readyz?exclude=a&exclude=b HTTP/1.1", "GET /readyz?exclude=a&exclude=b HTTP/1.1"), server.requests);
            assertEquals("HTTP 503: [-]etcd failed: reason withheld readyz check failed", probe.lastAnswer());
        }
    }

    @Test
    void readsChunkedBodiesAndReconnectsWhenTheServerClosesTheConnection() throws Exception {
        try (ScriptedServer server = ScriptedServer.plain(n -> switch (n) {
            case 0 -> "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nnot \r\n5\r\nready\r\n0\r\n\r\n";
            case 1 -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nwait";
            case 2 -> "HTTP/1.1 503 Service Unavailable\r\n\r\nbody until the end";
            default -> answer("200 OK", "ok");
        })) {
            ReadinessProbe probe = new ReadinessProbe(null);
            assertEquals(ReadinessProbe.Outcome.READY, probe.await(server.url("/health"), TIMEOUT, () -> true));
            assertEquals(3, server.connections.get(), "a new connection after 'Connection: close' and after a body that ended it");
            assertEquals(4, server.requests.size());
        }
    }

    @Test
    void aChunkedAnswerIsDecodedAndItsTrailerSkipped() throws Exception {
        try (ScriptedServer server = ScriptedServer.plain(n -> n == 0
                ? "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nnot \r\n5;ext=1\r\nready\r\n0\r\n"
                        + "X-Trailer: t\r\n\r\n"
                : answer("200 OK", "ok"))) {
            ReadinessProbe probe = new ReadinessProbe(null);
            assertEquals(ReadinessProbe.Outcome.READY, probe.await(server.url("/readyz"), TIMEOUT, () -> true));
            assertEquals("HTTP 503: not ready", probe.lastAnswer());
            assertEquals(1, server.connections.get(), "the trailer was read to its end: the next answer was in step");
        }
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsAskedAgainAtOnceOnANewOne() throws Exception {
        // answer 1 is none: the server reads the request and closes, as one that dropped an idle connection
        try (ScriptedServer server = ScriptedServer.plain(n -> switch (n) {
            case 0 -> answer("503 Service Unavailable", "starting");
            case 1 -> null;
            default -> answer("200 OK", "ok");
        })) {
            ReadinessProbe probe = new ReadinessProbe(null);
            assertEquals(ReadinessProbe.Outcome.READY, probe.await(server.url("/readyz"), TIMEOUT, () -> true));
            assertEquals(2, server.connections.get());
            assertEquals("HTTP 503: starting", probe.lastAnswer(), "nothing was answered, so nothing replaced the last answer");
        }
    }

    @Test
    void anAnswerWithoutABodyKeepsTheConnectionAndHttp10ClosesIt() throws Exception {
        try (ScriptedServer server = ScriptedServer.plain(n -> switch (n) {
            case 0 -> "HTTP/1.1 204 No Content\r\n\r\n";
            case 1 -> "HTTP/1.1 304 Not Modified\r\nContent-Length: 12\r\n\r\n";
            case 2 -> "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nwait";
            default -> answer("200 OK", "ok");
        })) {
            ReadinessProbe probe = new ReadinessProbe(null);
            assertEquals(ReadinessProbe.Outcome.READY, probe.await(server.url("/readyz"), TIMEOUT, () -> true));
            assertEquals(4, server.requests.size());
            assertEquals(2, server.connections.get(), "204 and 304 on the first connection, a new one after HTTP/1.0");
        }
    }

    @Test
    void verifiesTheServersCertificateAndNameAndPresentsTheClientCertificate() throws Exception {
        IssuedCertificate serving = CA.issueServing("kube-apiserver", List.of(SubjectAlternativeName.parse("127.0.0.1")));
        SSLContext client = TlsContexts.clientContext(CA.certificate(), CA.issueClient("envtest-admin", List.of("system:masters")));
        try (ScriptedServer server = ScriptedServer.tls(serving, n -> n == 0 ? answer("403 Forbidden", "no") : answer("200 OK", "ok"))) {
            ReadinessProbe probe = new ReadinessProbe(client);
            assertEquals(ReadinessProbe.Outcome.READY, probe.await(server.url("/readyz"), TIMEOUT, () -> true));
            assertEquals(List.of("CN=envtest-admin,O=system:masters"), server.clients.stream().distinct().toList());
        }
    }

    @Test
    void aServerWhoseCertificateLacksTheDialledNameIsNeverReady() throws Exception {
        IssuedCertificate elsewhere = CA.issueServing("elsewhere", List.of(SubjectAlternativeName.parse("api.example.test")));
        SSLContext client = TlsContexts.clientContext(CA.certificate(), CA.issueClient("envtest-admin", List.of()));
        try (ScriptedServer server = ScriptedServer.tls(elsewhere, n -> answer("200 OK", "ok"))) {
            ReadinessProbe probe = new ReadinessProbe(client);
            assertEquals(ReadinessProbe.Outcome.TIMED_OUT, probe.await(server.url("/readyz"), Duration.ofMillis(300), () -> true));
            assertTrue(probe.lastAnswer().startsWith("SSLHandshakeException"), probe.lastAnswer());
            assertEquals(List.of(), server.requests, "no request on a connection to a server not verified");
        }
    }

    @Test
    void aRefusedPortIsRetriedUntilTheDeadline() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ReadinessProbe probe = new ReadinessProbe(null);
        assertEquals(ReadinessProbe.Outcome.TIMED_OUT,
                probe.await(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofMillis(200), () -> true));
        assertTrue(probe.lastAnswer().startsWith("ConnectException"), probe.lastAnswer());
    }

    @Test
    void endsAsSoonAsTheProcessBehindItIsGone() throws Exception {
        try (ScriptedServer server = ScriptedServer.plain(n -> answer("503 Service Unavailable", "starting"))) {
            AtomicInteger polls = new AtomicInteger();
            ReadinessProbe probe = new ReadinessProbe(null);
            assertEquals(ReadinessProbe.Outcome.PROCESS_EXITED, probe.await(server.url("/readyz"), TIMEOUT, () -> polls.incrementAndGet() < 3));
            assertEquals(2, server.requests.size());
        }
    }

    private static String answer(String status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    /**
     * Answers the n-th request (over all connections) with {@code script.apply(n)}, written as it stands; an answer
     * without a length or chunks (but for 204 and 304), or with "Connection: close", ends its connection, and a null
     * answer closes it without a byte.
     */
    private static final class ScriptedServer implements AutoCloseable {

        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> clients = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final String scheme;

        private ScriptedServer(ServerSocket socket, String scheme, IntFunction<String> script) {
            this.socket = socket;
            this.scheme = scheme;
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        Thread serve = new Thread(() -> serve(connection, script));
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        static ScriptedServer plain(IntFunction<String> script) throws IOException {
            return new ScriptedServer(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()), "http", script);
        }

        static ScriptedServer tls(IssuedCertificate serving, IntFunction<String> script) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(TlsContexts.keyManagers(CA.certificate(), serving), TlsContexts.trustManagers(CA.certificate()), null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
            server.setWantClientAuth(true);
            return new ScriptedServer(server, "https", script);
        }

        URI url(String pathAndQuery) {
            return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
        }

        private void serve(Socket connection, IntFunction<String> script) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = connection.getOutputStream();
                for (String requestLine = in.readLine(); requestLine != null; requestLine = in.readLine()) {
                    if (connection instanceof javax.net.ssl.SSLSocket secure) {
                        clients.add(secure.getSession().getPeerPrincipal().getName());
                    }
                    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                        // the probe sends no body
                    }
                    String response;
                    synchronized (requests) {
                        requests.add(requestLine);
                        response = script.apply(requests.size() - 1);
                    }
                    if (response == null) {
                        // no answer: the connection is closed under the request
                        return;
                    }
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
                    boolean bodiless = head.startsWith("http/1.1 204") || head.startsWith("http/1.1 304");
                    if (head.contains("connection: close")
                            || !(bodiless || head.contains("content-length") || head.contains("chunked"))) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the probe closed its end
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
