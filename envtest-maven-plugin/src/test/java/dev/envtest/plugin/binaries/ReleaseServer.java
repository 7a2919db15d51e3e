package dev.envtest.plugin.binaries;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A local release server on 127.0.0.1 for tests: serves an index and archives by path, and counts requests. */
final class ReleaseServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /** What one path answers. */
    sealed interface Route permits Bytes, FileBody, CutShort, Gated, Redirect {
    }

    record Redirect(int status, String location) implements Route {
    }

    record Bytes(int status, byte[] body) implements Route {
    }

    record FileBody(Path file) implements Route {
    }

    /** Announces the whole file's length but sends only {@code sent} bytes, then closes the connection. */
    record CutShort(Path file, long sent) implements Route {
    }

    /** Answers like {@code route}, once {@code open} is true (polled; at most 60 s). */
    record Gated(Route route, BooleanSupplier open) implements Route {
    }

    ReleaseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "release-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    ReleaseServer route(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    ReleaseServer text(String path, String body) {
        return route(path, new Bytes(200, body.getBytes(StandardCharsets.UTF_8)));
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return total.get();
    }

    void reset() {
        routes.clear();
        requests.clear();
        total.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        try (exchange) {
            Route route = routes.get(path);
            answer(exchange, route == null ? new Bytes(404, "not found\n".getBytes(StandardCharsets.UTF_8)) : route);
        }
    }

    private static void answer(HttpExchange exchange, Route route) throws IOException {
        if (route instanceof Gated gated) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!gated.open().getAsBoolean() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer(exchange, gated.route());
        } else if (route instanceof Redirect redirect) {
            exchange.getResponseHeaders().add("Location", redirect.location());
            exchange.sendResponseHeaders(redirect.status(), -1);
        } else if (route instanceof Bytes bytes) {
            exchange.sendResponseHeaders(bytes.status(), bytes.body().length);
            exchange.getResponseBody().write(bytes.body());
        } else if (route instanceof FileBody file) {
            exchange.sendResponseHeaders(200, Files.size(file.file()));
            try (InputStream in = Files.newInputStream(file.file())) {
                in.transferTo(exchange.getResponseBody());
            }
        } else if (route instanceof CutShort cut) {
            exchange.sendResponseHeaders(200, Files.size(cut.file()));
            OutputStream out = exchange.getResponseBody();
            try (InputStream in = Files.newInputStream(cut.file())) {
                out.write(in.readNBytes((int) cut.sent()));
                out.flush();
            }
            // closing the exchange before all announced bytes were sent drops the connection
        }
    }

    /** An index YAML: each entry is (version, archive name, hash, link). */
    static String index(String[]... entries) {
        StringBuilder yaml = new StringBuilder("releases:\n");
        Map<String, StringBuilder> byVersion = new java.util.LinkedHashMap<>();
        for (String[] e : entries) {
            byVersion.computeIfAbsent(e[0], v -> new StringBuilder())
                    .append("    ").append(e[1]).append(":\n")
                    .append("      hash: ").append(e[2]).append('\n')
                    .append("      selfLink: ").append(e[3]).append('\n');
        }
        byVersion.forEach((v, archives) -> yaml.append("  v").append(v).append(":\n").append(archives));
        return yaml.toString();
    }

    static String archiveName(String version, Platform platform) {
        return "envtest-v" + version + "-" + platform + ".tar.gz";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
