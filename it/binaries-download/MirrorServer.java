import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A static file server for the binaries-download integration project, run by mirror.sh as a single-file Java program
 * (the JDK that runs Maven is all it needs): serves DIRECTORY on 127.0.0.1:PORT (0 picks a free port, written to
 * DIRECTORY.port) and logs one line a request ({@code "GET /path HTTP/1.1" 200 <bytes>}) to standard output.
 * usage: java MirrorServer.java DIRECTORY PORT
 */
public class MirrorServer {

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[1])), 16);
        PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(root, exchange, log);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        Files.writeString(Path.of(root + ".port"), Integer.toString(port));
        log.println("Serving " + root + " on http://127.0.0.1:" + port + "/");
    }

    private static void serve(Path root, HttpExchange exchange, PrintStream log) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
        int status;
        long length = 0;
        if (!method.equals("GET") && !method.equals("HEAD")) {
            status = 405;
            exchange.sendResponseHeaders(status, -1);
        } else if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            status = 404;
            exchange.sendResponseHeaders(status, -1);
        } else {
            status = 200;
            length = Files.size(file);
            exchange.sendResponseHeaders(status, method.equals("HEAD") ? -1 : length);
            if (method.equals("GET")) {
                try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        }
        log.println(exchange.getRemoteAddress().getAddress().getHostAddress() + " \"" + method + " " + path + " "
                + exchange.getProtocol() + "\" " + status + " " + length);
    }
}
