package dev.envtest.plugin.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ends a JDK {@link HttpClient} that is no longer used, so that it does not hold up the end of the Maven process.
 *
 * <p>Why: each JDK client has a selector thread that waits in {@code epoll_wait}, native code, for as long as the
 * client exists. When the JVM exits, HotSpot gives threads that are in native code 300 ms to come back before it exits
 * without them. So a Maven run in which one such client was left took 0.3 s longer to end, after {@code BUILD SUCCESS}
 * (measured here: 325 ms from {@code System.exit} to the end of the process with one client, 10 ms once it was
 * ended).
 * Closing fabric8's client shuts down only its executor, not the JDK's client.
 *
 * <p>How: Java 21 and later have {@code HttpClient.shutdownNow()}. Java 17 to 20 have no way to end a client, but its
 * only thread, which the JDK names {@code HttpClient-<id>-SelectorManager} after the client's id (the number that ends
 * the client's {@code toString()}), leaves its loop and closes the client when interrupted. If a JDK ever names them
 * otherwise, nothing is interrupted and the exit is as slow as before; {@code HttpClientShutdownTest} fails.
 */
public final class HttpClientShutdown {

    private static final Optional<Method> SHUTDOWN_NOW = shutdownNow();
    private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");

    private HttpClientShutdown() {
    }

    /**
     * Ends {@code client} now; requests still in flight fail. It must not be used afterwards: on Java 17 a new request
     * would wait for ever, as nothing is left to carry it. Does nothing for null.
     */
    public static void now(HttpClient client) {
        if (client == null) {
            return;
        }
        if (SHUTDOWN_NOW.isPresent()) {
            try {
                SHUTDOWN_NOW.get().invoke(client);
                return;
            } catch (IllegalAccessException | InvocationTargetException e) {
                // fall back to the thread, below
            }
        }
        selectorThread(client).ifPresent(Thread::interrupt);
    }

    /**
     * The thread of {@code client} that waits for its connections' events, while it runs (named so on Java 17 to 25).
     */
    public static Optional<Thread> selectorThread(HttpClient client) {
        Matcher id = CLIENT_ID.matcher(client.toString());
        if (!id.find()) {
            return Optional.empty();
        }
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            if (threads[i].getName().equals(name)) {
                return Optional.of(threads[i]);
            }
        }
        return Optional.empty();
    }

    private static Optional<Method> shutdownNow() {
        try {
            return Optional.of(HttpClient.class.getMethod("shutdownNow"));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
