package dev.envtest.plugin.containers.wait;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Ready when {@code GET http://<host>:<published port><path>} from this machine answers the expected status. Going
 * through the published port proves what the tests will use.
 */
public final class HttpWait implements WaitStrategy {

    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final int port;
    private final String path;
    private final int status;
    private final Duration timeout;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ATTEMPT)
            .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();

    public HttpWait(int port, String path, int status, Duration timeout) {
        this.port = port;
        this.path = path == null || path.isBlank() ? "/" : (path.startsWith("/") ? path : "/" + path);
        this.status = status;
        this.timeout = timeout;
    }

    public int port() {
        return port;
    }

    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    @Override
    public String describe() {
        return "HTTP GET :" + port + path + " answers " + status;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public List<Integer> requiredPorts() {
        return List.of(port);
    }

    @Override
    public Check check(WaitTarget target) {
        OptionalInt hostPort = target.hostPort(port);
        if (hostPort.isEmpty()) {
            return Check.notYet("port " + port + " is not published");
        }
        URI uri = URI.create("http://" + hostLiteral(target.host()) + ":" + hostPort.getAsInt() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ATTEMPT).GET().build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == status) {
                return Check.ready("GET " + uri + " answered " + response.statusCode());
            }
            return Check.notYet("GET " + uri + " answered " + response.statusCode() + ", not " + status);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Check.notYet("GET " + uri + ": connection refused or timed out");
        } catch (HttpTimeoutException e) {
            return Check.notYet("GET " + uri + ": no answer within " + ATTEMPT.toSeconds() + " s");
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("received no bytes") || message.contains("Connection reset") || e instanceof EOFException) {
                // Docker's docker-proxy (and rootless Podman's rootlessport) accept for the container and close at once
                return Check.notYet("GET " + uri + ": accepted and closed without an answer (a port proxy with nothing listening"
                        + " behind it on container port " + port + ")");
            }
            return Check.notYet("GET " + uri + ": " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : " " + message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.notYet("interrupted");
        }
    }

    static String hostLiteral(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
