package dev.envtest.plugin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpClientShutdownTest {

    private ServerSocket server;
    private Thread answering;

    /** A loopback HTTP/1.1 server answering every request "200 ok" on its own connection. */
    @BeforeEach
    void serve() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        answering = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    while (!AnswerHead.line(in).isEmpty()) {
                        // the request head, up to its empty line
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // closed by the test
                }
            }
        }, "test-http-server");
        answering.setDaemon(true);
        answering.start();
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private HttpResponse<String> get(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theClientsSelectorThreadEnds() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals("ok", get(client).body());
        Thread selector = HttpClientShutdown.selectorThread(client).orElseThrow(
                () -> new AssertionError("no selector thread found for " + client + ": has the JDK renamed it?"));
        assertTrue(selector.isAlive());

        HttpClientShutdown.now(client);

        selector.join(10_000);
        assertFalse(selector.isAlive(), "the thread that would hold up the JVM's exit in epoll_wait has ended");
    }

    @Test
    void anotherClientKeepsItsThread() throws Exception {
        HttpClient ended = HttpClient.newHttpClient();
        HttpClient kept = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Thread keptSelector = HttpClientShutdown.selectorThread(kept).orElseThrow();

        HttpClientShutdown.now(ended);

        assertTrue(keptSelector.isAlive());
        assertEquals("ok", get(kept).body());
        HttpClientShutdown.now(kept);
        keptSelector.join(10_000);
        assertFalse(keptSelector.isAlive());
    }

    @Test
    void nothingToEndForNull() {
        HttpClientShutdown.now(null);
    }
}
