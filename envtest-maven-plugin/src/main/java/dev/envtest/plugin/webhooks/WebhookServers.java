package dev.envtest.plugin.webhooks;

import dev.envtest.plugin.pki.CertificateAuthority;
import dev.envtest.plugin.pki.WebhookServingCertificate;
import dev.envtest.plugin.session.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The webhook servers of one run, checked before anything starts: their names (and the names a
 * {@code clientConfig.service} may use for them), their ports (a hostWebhook's port is free, or one is picked), their
 * serving certificates (issued by the run's CA once it exists), the files copied into webhook containers, the
 * readiness check (a TLS handshake verified against the CA) and the exported properties.
 */
public final class WebhookServers {

    /** The address the API server dials every webhook server on. */
    public static final String HOST = "127.0.0.1";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int LOG_TAIL = 30;

    /** One server: a container's or a hostWebhook's. */
    public record Server(String name, boolean container, List<String> serviceNames, int containerPort, String certDirectory,
            int hostPort, Duration timeout) {

        public String describe() {
            return container ? "container '" + name + "'" : "hostWebhook '" + name + "'";
        }
    }

    private final Map<String, Server> servers;
    private final Map<String, Server> byServiceName;
    private final Map<String, WebhookServingCertificate> certificates = new LinkedHashMap<>();
    private final Map<String, Integer> publishedPorts = new LinkedHashMap<>();

    private WebhookServers(Map<String, Server> servers, Map<String, Server> byServiceName) {
        this.servers = servers;
        this.byServiceName = byServiceName;
    }

    /** Checks the request and reserves the hostWebhooks' ports (a taken one is an error; 0 picks a free one). */
    public static WebhookServers check(WebhooksRequest request) {
        List<String> problems = new ArrayList<>();
        Map<String, Server> servers = new LinkedHashMap<>();
        Map<String, Server> byService = new LinkedHashMap<>();
        for (ContainerWebhook c : request.containers()) {
            String where = "container '" + c.container() + "' webhook: ";
            if (c.port() < 1 || c.port() > 65535) {
                problems.add(where + "port " + c.port() + " is not a TCP port. Fix: use 1-65535 (controller-runtime's default is 9443).");
            }
            if (c.certDirectory() == null || !c.certDirectory().startsWith("/")) {
                problems.add(where + "certDirectory '" + c.certDirectory() + "' is not an absolute path. Fix: e.g. "
                        + ContainerWebhook.DEFAULT_CERT_DIRECTORY + " (controller-runtime's default).");
            }
            List<String> names = new ArrayList<>();
            names.add(c.container());
            c.aliases().stream().filter(a -> !names.contains(a)).forEach(names::add);
            add(servers, byService, new Server(c.container(), true, names, c.port(), c.certDirectory(), 0, c.timeout()), problems);
        }
        for (HostWebhook h : request.hosts()) {
            String name = h.name() == null ? "" : h.name().trim();
            String where = "hostWebhook '" + name + "': ";
            if (!NAME.matcher(name).matches()) {
                problems.add(where + "the name is not a DNS name. Fix: use the Service name the webhook configurations'"
                        + " clientConfig.service.name gives, e.g. my-operator-webhook-service.");
                continue;
            }
            int port;
            try {
                port = reserve(h.port());
            } catch (WebhookException e) {
                problems.add(where + e.getMessage());
                continue;
            }
            add(servers, byService, new Server(name, false, List.of(name), 0, null, port, Duration.ZERO), problems);
        }
        if (!problems.isEmpty()) {
            throw new WebhookException(problems.size() == 1 ? problems.get(0)
                    : "the webhook servers have " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems));
        }
        return new WebhookServers(servers, byService);
    }

    private static void add(Map<String, Server> servers, Map<String, Server> byService, Server server, List<String> problems) {
        if (servers.putIfAbsent(server.name(), server) != null) {
            problems.add(server.describe() + ": another webhook server has the same name. Fix: give each its own name.");
            return;
        }
        for (String n : server.serviceNames()) {
            Server other = byService.putIfAbsent(n, server);
            if (other != null && other != server) {
                problems.add(server.describe() + ": the name '" + n + "' also names " + other.describe()
                        + ". Fix: a clientConfig.service must name exactly one server; rename one of them.");
            }
        }
    }

    /** Checks that a hostWebhook's port is free on 127.0.0.1, or picks a free one for 0. */
    static int reserve(int port) {
        if (port < 0 || port > 65535) {
            throw new WebhookException("port " + port + " is not a TCP port. Fix: use 1-65535, or 0 for a free one.");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return socket.getLocalPort();
        } catch (BindException e) {
            throw new WebhookException("port " + port + " on " + HOST + " is already in use (" + e.getMessage() + "), so the"
                    + " test could not serve the webhook there. Fix: stop what listens on it, choose another port, or set 0"
                    + " for a free port reserved for the run (exported as envtest.webhooks.<name>.port).", e);
        } catch (IOException e) {
            throw new WebhookException("port " + port + " on " + HOST + " could not be checked: " + e.getMessage(), e);
        }
    }

    public boolean isEmpty() {
        return servers.isEmpty();
    }

    public List<Server> servers() {
        return List.copyOf(servers.values());
    }

    /** The server a {@code clientConfig.service.name} names (its container name or alias, or a hostWebhook's name). */
    public Optional<Server> serving(String serviceName) {
        return Optional.ofNullable(byServiceName.get(serviceName));
    }

    /** For an error: every name a {@code clientConfig.service.name} may use, per server. */
    public String describeKnown() {
        if (servers.isEmpty()) {
            return "no webhook servers are declared";
        }
        List<String> parts = new ArrayList<>();
        for (Server s : servers.values()) {
            parts.add(s.describe() + (s.serviceNames().size() > 1 ? " (names " + String.join(", ", s.serviceNames()) + ")" : ""));
        }
        return "the webhook servers are " + String.join("; ", parts);
    }

    /**
     * Issues every server's serving certificate with the run's CA into {@code <root>/<name>/}: names
     * {@code localhost}, {@code 127.0.0.1}, the server's names and the in-cluster names {@code extraNames} gives
     * (the {@code <service>.<namespace>.svc} of the configurations that call it). {@code root} is emptied first.
     */
    public void issueCertificates(CertificateAuthority ca, Path root, Map<String, List<String>> extraNames) {
        deleteRecursively(root);
        for (Server s : servers.values()) {
            Set<String> names = new LinkedHashSet<>(List.of("localhost", HOST));
            names.addAll(s.serviceNames());
            names.addAll(extraNames.getOrDefault(s.name(), List.of()));
            certificates.put(s.name(), WebhookServingCertificate.issue(ca, s.name(), List.copyOf(names), root.resolve(s.name())));
        }
    }

    public WebhookServingCertificate certificate(String server) {
        return certificates.get(server);
    }

    /** The files a webhook container gets before it starts: target path in the container to the file on this machine. */
    public Map<String, Map<String, Path>> containerFiles() {
        Map<String, Map<String, Path>> out = new LinkedHashMap<>();
        for (Server s : servers.values()) {
            if (s.container()) {
                WebhookServingCertificate c = certificates.get(s.name());
                String dir = s.certDirectory().endsWith("/") ? s.certDirectory() : s.certDirectory() + "/";
                Map<String, Path> files = new LinkedHashMap<>();
                files.put(dir + WebhookServingCertificate.CERTIFICATE, c.certificateFile());
                files.put(dir + WebhookServingCertificate.KEY, c.keyFile());
                out.put(s.name(), files);
            }
        }
        return out;
    }

    /** The base URL the API server dials a server on: known at once for a hostWebhook, once published for a container. */
    public Optional<String> baseUrl(Server server) {
        int port = server.container() ? publishedPorts.getOrDefault(server.name(), 0) : server.hostPort();
        return port == 0 ? Optional.empty() : Optional.of("https://" + HOST + ":" + port);
    }

    /**
     * Waits until a webhook container completes a TLS handshake on its published port, verified against the run's CA
     * (its wait has already succeeded); a timeout is an error with the last attempt and the container's log tail.
     *
     * @return milliseconds until the handshake succeeded
     */
    public long awaitServing(Server server, int publishedPort, Path log, X509Certificate ca) {
        publishedPorts.put(server.name(), publishedPort);
        TlsHandshakeProbe probe = new TlsHandshakeProbe(ca);
        long t0 = System.nanoTime();
        long deadline = t0 + server.timeout().toNanos();
        TlsHandshakeProbe.Result last;
        while (true) {
            last = probe.attempt(HOST, publishedPort);
            if (last.ok()) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WebhookException("interrupted while waiting for " + server.describe(), e);
            }
        }
        StringBuilder b = new StringBuilder(server.describe()).append(" is ready by its wait, but did not serve TLS on its webhook")
                .append(" port ").append(server.containerPort()).append(" (published as ").append(HOST).append(':').append(publishedPort)
                .append(") within ").append(server.timeout().toSeconds()).append(" s; last attempt: ").append(last.detail())
                .append(". Fix: serve HTTPS on container port ").append(server.containerPort()).append(" with ")
                .append(server.certDirectory()).append("/tls.crt and tls.key (copied in before start), or set <webhook><port>")
                .append(" (and <certDirectory>) to what the server uses; raise the container's wait/timeout if it is only slow.");
        List<String> tail = tail(log);
        if (tail.isEmpty()) {
            b.append("\nIts log is empty (").append(log).append(").");
        } else {
            b.append("\nLast ").append(tail.size()).append(" log lines (all in ").append(log).append("):");
            tail.forEach(line -> b.append("\n  | ").append(line));
        }
        throw new WebhookException(b.toString());
    }

    /** What an earlier run wrote (another set of servers, other keys) must not be mistaken for this run's. */
    private static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> tail(Path log) {
        try {
            if (log == null || !Files.exists(log)) {
                return List.of();
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return List.copyOf(lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log + ": " + e.getMessage(), e);
        }
    }

    /** {@code envtest.webhooks.<name>.*} for every server (a container's once its port is published). */
    public Map<String, String> properties() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Server s : servers.values()) {
            String p = "envtest.webhooks." + s.name() + ".";
            baseUrl(s).ifPresent(url -> out.put(p + "url", url));
            int port = s.container() ? publishedPorts.getOrDefault(s.name(), 0) : s.hostPort();
            if (port != 0) {
                out.put(p + "port", Integer.toString(port));
            }
            if (s.container()) {
                out.put(p + "containerPort", Integer.toString(s.containerPort()));
                out.put(p + "containerCertDirectory", s.certDirectory());
            }
            WebhookServingCertificate c = certificates.get(s.name());
            if (c != null) {
                out.put(p + "certDirectory", c.certificateFile().getParent().toString());
                out.put(p + "certificate", c.certificateFile().toString());
                out.put(p + "key", c.keyFile().toString());
                out.put(p + "keystore", c.keystoreFile().toString());
                out.put(p + "keystorePassword", c.keystorePassword());
            }
        }
        return out;
    }

    /** The property names that hold a secret. */
    public static boolean secret(String property) {
        return property.startsWith("envtest.webhooks.") && property.endsWith(".keystorePassword");
    }
}
