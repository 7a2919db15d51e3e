package dev.envtest.plugin.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
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

    /** The answer's headers (names in lower case) when it is a 2xx; an IOException for anything else or no answer in time. */
    static Map<String, String> headers(Path socket, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
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

    static Map<String, String> parse(String answer) throws IOException {
        int end = answer.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? answer : answer.substring(0, end)).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].startsWith("2")) {
            throw new IOException("GET /_ping answered: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
