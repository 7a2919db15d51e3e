package dev.envtest.plugin.controlplane;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * Polls a URL every 20 ms until it answers 200, the deadline passes, or the process behind it dies. It keeps one
 * connection open between polls (see {@link ProbeConnection}) and opens another when the server closes it.
 */
public final class ReadinessProbe {

    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final SSLContext tls;
    private volatile String lastAnswer = "no answer yet";

    /** {@code tls} null: plain HTTP. */
    public ReadinessProbe(SSLContext tls) {
        this.tls = tls;
    }

    public enum Outcome { READY, TIMED_OUT, PROCESS_EXITED }

    public Outcome await(URI url, Duration timeout, BooleanSupplier processAlive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProbeConnection connection = null;
        try {
            while (true) {
                if (!processAlive.getAsBoolean()) {
                    return Outcome.PROCESS_EXITED;
                }
                try {
                    if (connection == null) {
                        connection = ProbeConnection.open(url, tls);
                    }
                    ProbeConnection.Answer answer;
                    try {
                        answer = connection.get(url);
                    } catch (ProbeConnection.ClosedWhileIdle e) {
                        // nothing was answered: asked again at once on a new connection, as HTTP clients do
                        connection.close();
                        connection = null;
                        connection = ProbeConnection.open(url, tls);
                        answer = connection.get(url);
                    }
                    if (answer.status() == 200) {
                        return Outcome.READY;
                    }
                    lastAnswer = "HTTP " + answer.status() + ": " + abbreviate(answer.body());
                    if (!connection.reusable()) {
                        connection.close();
                        connection = null;
                    }
                } catch (IOException | RuntimeException e) {
                    lastAnswer = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
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
        } finally {
            if (connection != null) {
                connection.close();
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
