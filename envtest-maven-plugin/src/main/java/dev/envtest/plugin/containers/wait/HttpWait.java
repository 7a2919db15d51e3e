package dev.envtest.plugin.containers.wait;

import dev.envtest.plugin.http.AnswerHead;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Ready when {@code GET http://<host>:<published port><path>} from this machine answers the expected status. Going
 * through the published port proves what the tests will use.
 *
 * <p>One HTTP/1.1 request per attempt over a plain socket, its answer's head read with {@link AnswerHead}; no redirect
 * is followed and no proxy is used. Not the JDK's {@code HttpClient}: building one loads about a hundred classes and
 * the default TLS context (the security providers, the CA store), which cost 130–150 ms on the goal's thread before
 * the control plane could start (it was made with the plan, in the Mojo), all for plain HTTP.
 */
public final class HttpWait implements WaitStrategy {

    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final int port;
    private final String path;
    private final int status;
    private final Duration timeout;

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
        String authority = hostLiteral(target.host()) + ":" + hostPort.getAsInt();
        String uri = "http://" + authority + path;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), hostPort.getAsInt()), (int) ATTEMPT.toMillis());
            socket.setSoTimeout((int) ATTEMPT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: envtest-maven-plugin\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int answered = AnswerHead.read(in).status();
            if (answered == status) {
                return Check.ready("GET " + uri + " answered " + answered);
            }
            return Check.notYet("GET " + uri + " answered " + answered + ", not " + status);
        } catch (ConnectException e) {
            return Check.notYet("GET " + uri + ": connection refused or timed out");
        } catch (SocketTimeoutException e) {
            return Check.notYet(socketConnected(e) ? "GET " + uri + ": no answer within " + ATTEMPT.toSeconds() + " s"
                    : "GET " + uri + ": connection refused or timed out");
        } catch (EOFException | SocketException e) {
            // Docker's docker-proxy (and rootless Podman's rootlessport) accept for the container and close at once
            return Check.notYet("GET " + uri + ": accepted and closed without an answer (a port proxy with nothing listening"
                    + " behind it on container port " + port + ")");
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return Check.notYet("GET " + uri + ": " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : " " + message));
        }
    }

    /** A connect that timed out says "Connect timed out"; a read that did, "Read timed out". */
    private static boolean socketConnected(SocketTimeoutException e) {
        return e.getMessage() == null || !e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
    }

    static String hostLiteral(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
