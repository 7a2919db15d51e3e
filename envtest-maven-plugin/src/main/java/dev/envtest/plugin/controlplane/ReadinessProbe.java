package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/** Polls a URL every 20 ms until it answers 200, the deadline passes, or the process behind it dies. */
public final class ReadinessProbe {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final SSLContext tls;
    private volatile String lastAnswer = "no answer yet";

    /**
     * The HTTP client is built by {@link #await}, on the thread that polls: the JDK's first HttpClient loads its classes
     * and starts a selector thread, 0.1 s on an idle machine and up to a second under load, which must not delay the
     * launch that follows the probe's creation.
     */
    public ReadinessProbe(SSLContext tls) {
        this.tls = tls;
    }

    private HttpClient client() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    public enum Outcome { READY, TIMED_OUT, PROCESS_EXITED }

    public Outcome await(URI url, Duration timeout, BooleanSupplier processAlive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = client();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!processAlive.getAsBoolean()) {
                return Outcome.PROCESS_EXITED;
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Outcome.READY;
                }
                lastAnswer = "HTTP " + response.statusCode() + ": " + abbreviate(response.body());
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
            if (System.nanoTime() > deadline) {
                return Outcome.TIMED_OUT;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
        }
    }

    /** What the last poll got, for error messages. */
    public String lastAnswer() {
        return lastAnswer;
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
