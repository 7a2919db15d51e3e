package dev.envtest.plugin.containers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.envtest.plugin.http.AnswerHead;
import dev.envtest.plugin.http.ChunkedInputStream;
import dev.envtest.plugin.registry.RegistryCredential;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine's pull API ({@code POST /images/create}, Docker-compatible, also Podman's) called directly over the
 * engine's socket with a plain HTTP/1.1 request. Why not through docker-java: the credentials travel in the
 * {@code X-Registry-Auth} header, and docker-java's HTTP client logs every header at debug level, which Maven's
 * {@code -X} turns on. Here nothing is logged; each streamed progress or error item goes to a consumer.
 */
final class EnginePull {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dockerHost;

    EnginePull(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    /** Unix sockets and plain TCP; a TLS-protected {@code tcp://} engine (DOCKER_TLS_VERIFY) is not spoken here. */
    static boolean supports(String dockerHost, Map<String, String> env) {
        if (dockerHost.startsWith("unix://")) {
            return true;
        }
        String tls = env.getOrDefault("DOCKER_TLS_VERIFY", "");
        return dockerHost.startsWith("tcp://") && (tls.isEmpty() || tls.equals("0"));
    }

    /**
     * Pulls and returns the error messages the engine streamed (empty: pulled). Podman and Docker answer 200 and
     * report a failed pull as an item with {@code errorDetail}; an HTTP error status is reported the same way.
     */
    List<String> pull(String repository, String tag, Optional<RegistryCredential> credential, PullProgress progress, Duration timeout) {
        String path = "/images/create?fromImage=" + URLEncoder.encode(repository, StandardCharsets.UTF_8)
                + "&tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder().append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nUser-Agent: envtest-maven-plugin\r\nContent-Length: 0\r\nConnection: close\r\n");
        credential.ifPresent(c -> request.append("X-Registry-Auth: ").append(registryAuth(c)).append("\r\n"));
        request.append("\r\n");
        List<String> errors = new ArrayList<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "envtest-pull-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (SocketChannel channel = open()) {
            // A blocking channel has no read timeout: the watchdog closes it at the deadline, which ends the read.
            var deadline = watchdog.schedule(() -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing is all it can do
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            OutputStream out = Channels.newOutputStream(channel);
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            AnswerHead head = AnswerHead.read(in);
            int status = head.status();
            InputStream body = head.chunked() ? new ChunkedInputStream(in) : in;
            if (status / 100 != 2) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
                String message = text;
                try {
                    JsonNode n = JSON.readTree(text);
                    message = n.path("message").asText(text);
                } catch (IOException notJson) {
                    // keep the text
                }
                errors.add("HTTP " + status + ": " + message);
                return errors;
            }
            try (JsonParser parser = JSON.createParser(body); MappingIterator<JsonNode> items = JSON.readerFor(JsonNode.class).readValues(parser)) {
                while (items.hasNextValue()) {
                    JsonNode item = items.nextValue();
                    String error = item.path("errorDetail").path("message").asText(item.path("error").asText(""));
                    if (!error.isEmpty()) {
                        errors.add(error);
                    } else {
                        JsonNode detail = item.path("progressDetail");
                        progress.event(item.path("id").asText(""), item.path("status").asText(""), detail.path("current").asLong(0),
                                detail.path("total").asLong(0));
                    }
                }
            }
            if (deadline.isDone() && !deadline.isCancelled()) {
                errors.add("the pull did not finish within " + timeout.toSeconds() + " s");
            }
            deadline.cancel(false);
            return errors;
        } catch (IOException e) {
            if (!errors.isEmpty()) {
                return errors;
            }
            throw new ContainerException("pulling " + repository + ":" + tag + " through " + dockerHost + " failed: " + e.getMessage(), e);
        } finally {
            watchdog.shutdownNow();
        }
    }

    private SocketChannel open() throws IOException {
        if (dockerHost.startsWith("unix://")) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(dockerHost.substring("unix://".length())));
            return channel;
        }
        URI uri = URI.create(dockerHost);
        return SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()));
    }

    /** The header value the Docker API defines: base64url of {@code {"username","password","serveraddress"}}. */
    static String registryAuth(RegistryCredential c) {
        Map<String, String> auth = new LinkedHashMap<>();
        if (c.identityToken().isPresent()) {
            auth.put("identitytoken", c.identityToken().get());
        } else {
            auth.put("username", c.username());
            auth.put("password", c.password());
        }
        auth.put("serveraddress", c.registry());
        try {
            return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(auth));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
