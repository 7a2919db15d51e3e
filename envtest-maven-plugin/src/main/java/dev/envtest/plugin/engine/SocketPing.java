package dev.envtest.plugin.engine;

import dev.envtest.plugin.http.AnswerHead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /_ping} over a local Unix socket with the JDK alone (HTTP/1.0, so the engine closes the connection after
 * its answer), for the response's headers. The start's engine question needs only these on rootful Podman, and the API
 * server cannot be launched before the answer: loading docker-java's HTTP client for it would cost more than the
 * request (0.3 s and more of class loading on a busy 2-core machine).
 */
final class SocketPing {

    private static final int MAX_ANSWER = 64 * 1024;

    private SocketPing() {
    }

    /**
     * The answer's headers (names in lower case) when it is a 2xx; {@link NotListening} when the socket cannot be
     * connected to; an IOException for anything else or no answer in time.
     */
    static Map<String, String> headers(Path socket, Duration timeout) throws IOException {
        SocketChannel connected;
        try {
            connected = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new NotListening(socket, e);
        }
        try (SocketChannel channel = connected) {
            // a socket that accepts but never answers: closing the channel ends the blocked read
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closed already
                }
            });
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: engine\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (answer.size() < MAX_ANSWER && channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return parse(answer.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * Nothing accepts connections on the socket (a socket file left by an engine that is not running, or none): any
     * other client would fail the same way, so there is nothing to ask again.
     */
    static final class NotListening extends IOException {
        NotListening(Path socket, IOException cause) {
            super("nothing accepts connections on " + socket + " (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", cause);
        }
    }

    static Map<String, String> parse(String answer) throws IOException {
        AnswerHead head;
        try {
            head = AnswerHead.read(new ByteArrayInputStream(answer.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new IOException("GET /_ping answered no HTTP head: " + e.getMessage(), e);
        }
        if (head.status() / 100 != 2) {
            throw new IOException("GET /_ping answered: " + head);
        }
        return head.fields();
    }
}
