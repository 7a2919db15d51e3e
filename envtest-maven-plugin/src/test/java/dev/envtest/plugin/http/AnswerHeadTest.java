package dev.envtest.plugin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AnswerHeadTest {

    private static InputStream wire(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void statusAndFieldsUpToTheEmptyLineTheBodyLeftUnread() throws IOException {
        InputStream in = wire("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
        AnswerHead head = AnswerHead.read(in);
        assertEquals(200, head.status());
        assertEquals("HTTP/1.1", head.version());
        assertEquals("text/plain", head.field("content-type").orElseThrow());
        assertEquals(OptionalLong.of(2), head.contentLength());
        assertEquals("ok", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), "the body is where the head ended");
    }

    @Test
    void aFieldSentTwiceIsOneListAndConnectionTokensDecideReuse() throws IOException {
        AnswerHead head = AnswerHead.read(wire("HTTP/1.1 200 OK\r\nConnection: upgrade\r\nconnection: Close\r\n\r\n"));
        assertEquals(List.of("upgrade", "close"), head.tokens("Connection"));
        assertFalse(head.keepsConnection());
        assertTrue(AnswerHead.read(wire("HTTP/1.1 200 OK\n\n")).keepsConnection(), "HTTP/1.1 keeps it by default; bare LFs end lines too");
        assertFalse(AnswerHead.read(wire("HTTP/1.0 200 OK\r\n\r\n")).keepsConnection(), "HTTP/1.0 closes by default");
        assertTrue(AnswerHead.read(wire("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n\r\n")).keepsConnection());
    }

    @Test
    void bodilessStatusesAndChunked() throws IOException {
        for (int status : List.of(101, 204, 304)) {
            assertTrue(AnswerHead.read(wire("HTTP/1.1 " + status + " X\r\nContent-Length: 5\r\n\r\n")).bodiless(), "" + status);
        }
        assertFalse(AnswerHead.read(wire("HTTP/1.1 200 OK\r\n\r\n")).bodiless());
        assertTrue(AnswerHead.read(wire("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).chunked());
    }

    @Test
    void whatIsNoHttpAnswerIsRefused() {
        IOException e = assertThrows(IOException.class, () -> AnswerHead.read(wire("SSH-2.0-OpenSSH_9.2\r\n\r\n")));
        assertTrue(e.getMessage().contains("not an HTTP/1.x answer: SSH-2.0-OpenSSH_9.2"), e.getMessage());
        assertThrows(IOException.class, () -> AnswerHead.read(wire("HTTP/2 200\r\n\r\n")));
        assertThrows(IOException.class, () -> AnswerHead.read(wire("HTTP/1.1 OK\r\n\r\n")));
        assertThrows(EOFException.class, () -> AnswerHead.read(wire("")));
        assertThrows(EOFException.class, () -> AnswerHead.read(wire("HTTP/1.1 200 OK\r\nServer: x")), "the head never ends");
        IOException tooLong = assertThrows(IOException.class,
                () -> AnswerHead.read(wire("HTTP/1.1 200 OK\r\nX: " + "a".repeat(AnswerHead.MAX_LINE) + "\r\n\r\n")));
        assertTrue(tooLong.getMessage().contains("longer than 16 KiB"), tooLong.getMessage());
    }
}
