package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketPingTest {

    @Test
    void readsTheHeadersOfA2xxAnswer() throws IOException {
        // as Podman 4.3.1 answers an HTTP/1.0 ping on the CI machine
        Map<String, String> headers = SocketPing.parse("HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\nLibpod-Api-Version: 4.3.1\r\n"
                + "Server: Libpod/4.3.1 (linux)\r\nContent-Length: 2\r\n\r\nOK");
        assertEquals("4.3.1", headers.get("libpod-api-version"));
        assertEquals("1.41", headers.get("api-version"));
        assertEquals(new EngineInfoParser.Product("Podman", "4.3.1", "1.41"), EngineInfoParser.productFromPing(headers).orElseThrow());
    }

    @Test
    void anythingButA2xxIsAnError() {
        IOException e = assertThrows(IOException.class, () -> SocketPing.parse("HTTP/1.1 500 Internal Server Error\r\n\r\n"));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertThrows(IOException.class, () -> SocketPing.parse(""));
    }

    @Test
    void aSocketThatIsNotThereIsNotListening(@TempDir Path dir) {
        IOException e = assertThrows(SocketPing.NotListening.class, () -> SocketPing.headers(dir.resolve("none.sock"), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("nothing accepts connections on " + dir.resolve("none.sock")), e.getMessage());
    }

    @Test
    void aSocketFileWithoutAServerIsNotListening(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        IOException e = assertThrows(SocketPing.NotListening.class, () -> SocketPing.headers(socket, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void aServerThatAnswersNoHttpIsAnotherError(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("odd.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread answering = new Thread(() -> {
                try (SocketChannel peer = server.accept()) {
                    // the request first (one write of a few bytes), so the client is not cut off while it writes
                    peer.read(ByteBuffer.allocate(4096));
                    peer.write(ByteBuffer.wrap("not http\r\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    // the test fails on the client's side
                }
            });
            answering.start();
            IOException e = assertThrows(IOException.class, () -> SocketPing.headers(socket, Duration.ofSeconds(5)));
            assertFalse(e instanceof SocketPing.NotListening, e.toString());
            assertTrue(e.getMessage().contains("no HTTP head"), e.getMessage());
            answering.join();
        }
    }
}
