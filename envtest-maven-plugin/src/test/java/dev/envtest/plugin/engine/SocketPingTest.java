package dev.envtest.plugin.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
    void aSocketThatIsNotThereIsAnError(@TempDir Path dir) {
        assertThrows(IOException.class, () -> SocketPing.headers(dir.resolve("none.sock"), Duration.ofSeconds(1)));
    }
}
