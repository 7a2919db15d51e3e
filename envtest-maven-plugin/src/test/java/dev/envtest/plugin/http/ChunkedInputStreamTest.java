package dev.envtest.plugin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedInputStreamTest {

    private static InputStream wire(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void chunksAreJoinedExtensionsIgnoredAndTrailersReadSoTheNextAnswerFollows() throws IOException {
        InputStream in = wire("5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nHTTP/1.1 200 OK\r\n");
        assertEquals("hello world", new String(new ChunkedInputStream(in).readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("HTTP/1.1 200 OK", AnswerHead.line(in), "left at the next answer");
    }

    @Test
    void byteByByteAsWell() throws IOException {
        ChunkedInputStream body = new ChunkedInputStream(wire("3\r\nabc\r\n0\r\n\r\n"));
        assertEquals('a', body.read());
        assertEquals('b', body.read());
        assertEquals('c', body.read());
        assertEquals(-1, body.read());
        assertEquals(-1, body.read());
    }

    @Test
    void aServerClosingAfterTheLastChunkLosesNothing() throws IOException {
        assertEquals("ok", new String(new ChunkedInputStream(wire("2\r\nok\r\n0\r\n")).readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void brokenCodingsAreErrors() {
        assertThrows(EOFException.class, () -> new ChunkedInputStream(wire("5\r\nhel")).readAllBytes(), "ended inside a chunk");
        assertThrows(IOException.class, () -> new ChunkedInputStream(wire("zz\r\n")).readAllBytes(), "not a size");
        assertThrows(IOException.class, () -> new ChunkedInputStream(wire("2\r\nokX\r\n0\r\n\r\n")).readAllBytes(), "no CRLF after the chunk");
    }
}
