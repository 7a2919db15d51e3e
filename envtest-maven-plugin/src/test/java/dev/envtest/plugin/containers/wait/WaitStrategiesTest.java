package dev.envtest.plugin.containers.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each wait kind against real sockets and servers on this machine, through a target that maps container ports. */
class WaitStrategiesTest {

    private static final Duration T = Duration.ofSeconds(5);

    /** A container whose "published" ports are local ports, with a scripted state and log. */
    static final class FakeTarget implements WaitTarget {
        final Map<Integer, Integer> ports;
        final List<String> lines = new ArrayList<>();
        final List<ContainerState> states = new ArrayList<>();
        final AtomicInteger healthchecksRun = new AtomicInteger();

        FakeTarget(Map<Integer, Integer> ports) {
            this.ports = ports;
        }

        public String host() {
            return "127.0.0.1";
        }

        public OptionalInt hostPort(int containerPort) {
            Integer p = ports.get(containerPort);
            return p == null ? OptionalInt.empty() : OptionalInt.of(p);
        }

        public ContainerState state() {
            return states.size() > 1 ? states.remove(0) : states.get(0);
        }

        public int logMatches(Pattern pattern) {
            return (int) lines.stream().filter(l -> pattern.matcher(l).find()).count();
        }

        public List<String> logTail(int n) {
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        }

        public void runHealthcheck() {
            healthchecksRun.incrementAndGet();
        }

        final List<ExecResult> execs = new java.util.ArrayList<>();
        final List<List<String>> commands = new java.util.ArrayList<>();

        public ExecResult exec(List<String> command) {
            commands.add(command);
            return execs.size() > 1 ? execs.remove(0) : execs.get(0);
        }
    }

    @Test
    void execWaitsForExitZeroAndGivesUpAtOnceOnAMissingCommand() {
        FakeTarget t = new FakeTarget(Map.of());
        t.execs.add(new ExecResult(2, "127.0.0.1:5432 - no response\n", ""));
        t.execs.add(new ExecResult(0, "127.0.0.1:5432 - accepting connections\n", ""));
        ExecWait wait = new ExecWait(List.of("pg_isready", "-h", "127.0.0.1"), Duration.ofSeconds(5));
        WaitStrategy.Check first = wait.check(t);
        assertFalse(first.ready() || first.hopeless());
        assertTrue(first.detail().contains("exited 2: 127.0.0.1:5432 - no response"), first.detail());
        assertTrue(wait.check(t).ready());
        assertEquals(List.of("pg_isready", "-h", "127.0.0.1"), t.commands.get(0));

        FakeTarget missing = new FakeTarget(Map.of());
        missing.execs.add(new ExecResult(127, "", "OCI runtime attempted to invoke a command that was not found"));
        WaitStrategy.Check never = new ExecWait(List.of("pg_isreadyy"), Duration.ofSeconds(5)).check(missing);
        assertTrue(never.hopeless(), never.detail());
        assertTrue(never.detail().contains("'pg_isreadyy' cannot be run in the container") && never.detail().contains("Fix:"), never.detail());
    }

    @Test
    void httpWaitsForTheExpectedStatusThroughThePublishedPort() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/readyz", exchange -> {
            exchange.sendResponseHeaders(calls.incrementAndGet() < 2 ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpWait wait = new HttpWait(8081, "readyz", 200, T);
            FakeTarget target = new FakeTarget(Map.of(8081, server.getAddress().getPort()));
            WaitStrategy.Check first = wait.check(target);
            assertFalse(first.ready());
            assertTrue(first.detail().endsWith("/readyz answered 503, not 200"), first.detail());
            assertTrue(wait.check(target).ready());
            assertEquals(List.of(8081), wait.requiredPorts());
            assertEquals("HTTP GET :8081/readyz answers 200", wait.describe());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void httpIsNotReadyWhileNothingListensOrThePortIsNotPublished() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        WaitStrategy.Check refused = new HttpWait(80, "/", 200, T).check(new FakeTarget(Map.of(80, closed)));
        assertFalse(refused.ready());
        assertTrue(refused.detail().contains("connection refused"), refused.detail());
        assertFalse(new HttpWait(80, "/", 200, T).check(new FakeTarget(Map.of())).ready());
    }

    @Test
    void httpSendsOneGetWithItsHostAndFollowsNoRedirect() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Host"));
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            byte[] body = "moved".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(302, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            WaitStrategy.Check check = new HttpWait(8080, "/health?deep=1", 200, T).check(new FakeTarget(Map.of(8080, port)));
            assertFalse(check.ready());
            assertEquals("GET http://127.0.0.1:" + port + "/health?deep=1 answered 302, not 200", check.detail());
            assertEquals(List.of("GET /health?deep=1 127.0.0.1:" + port), seen);
            assertTrue(new HttpWait(8080, "/health?deep=1", 302, T).check(new FakeTarget(Map.of(8080, port))).ready());
        } finally {
            server.stop(0);
        }
    }

    /** Accepts one connection and closes it at once: what a port proxy does when nothing listens behind it. */
    private static Thread acceptAndCloseOnce(ServerSocket proxy) {
        Thread closer = new Thread(() -> {
            try (Socket s = proxy.accept()) {
                // closed unanswered
            } catch (IOException e) {
                // test ends
            }
        });
        closer.start();
        return closer;
    }

    @Test
    void httpIsNotReadyBehindAProxyThatClosesOrAListenerThatNeverAnswers() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread closer = acceptAndCloseOnce(proxy);
            WaitStrategy.Check proxied = new HttpWait(8081, "/readyz", 200, T).check(new FakeTarget(Map.of(8081, proxy.getLocalPort())));
            assertFalse(proxied.ready());
            assertTrue(proxied.detail().contains("accepted and closed without an answer"), proxied.detail());
            closer.join(2000);
            // accepted by the kernel's backlog, never read: the attempt ends at its own deadline
            WaitStrategy.Check mute = new HttpWait(8081, "/readyz", 200, T).check(new FakeTarget(Map.of(8081, silent.getLocalPort())));
            assertFalse(mute.ready());
            assertTrue(mute.detail().endsWith(": no answer within 2 s"), mute.detail());
        }
    }

    @Test
    void tcpCountsAnOpenConnectionButNotAProxyThatClosesAtOnce() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread closer = acceptAndCloseOnce(proxy);
            TcpWait wait = new TcpWait(5432, T);
            WaitStrategy.Check proxied = wait.check(new FakeTarget(Map.of(5432, proxy.getLocalPort())));
            assertFalse(proxied.ready(), proxied.detail());
            assertTrue(proxied.detail().contains("accepted and closed"), proxied.detail());
            WaitStrategy.Check open = wait.check(new FakeTarget(Map.of(5432, listening.getLocalPort())));
            assertTrue(open.ready(), open.detail());
            closer.join(2000);
        }
    }

    @Test
    void logWaitCountsMatchingLines() {
        FakeTarget target = new FakeTarget(Map.of());
        LogWait wait = new LogWait(Pattern.compile("database system is ready"), 2, T);
        target.lines.add("database system is ready to accept connections");
        assertFalse(wait.check(target).ready());
        target.lines.add("database system is ready to accept connections");
        assertTrue(wait.check(target).ready());
        assertEquals("a log line matches /database system is ready/ 2 times", wait.describe());
    }

    @Test
    void healthcheckWaitRunsTheCheckAndReportsItsOutput() {
        FakeTarget target = new FakeTarget(Map.of());
        target.states.add(new ContainerState("running", true, 0, Optional.of("starting"), Optional.empty()));
        target.states.add(new ContainerState("running", true, 0, Optional.of("unhealthy"), Optional.of("connection refused\n")));
        target.states.add(new ContainerState("running", true, 0, Optional.of("healthy"), Optional.of("")));
        HealthcheckWait wait = new HealthcheckWait(T);
        WaitStrategy.Check first = wait.check(target);
        assertFalse(first.ready());
        assertEquals("health unhealthy, last check said: connection refused", first.detail());
        assertEquals(1, target.healthchecksRun.get(), "the engine is asked to run the check when it is not healthy yet");
        assertTrue(wait.check(target).ready());
    }

    @Test
    void healthcheckWaitIsHopelessWithoutAHealthcheck() {
        FakeTarget target = new FakeTarget(Map.of());
        target.states.add(new ContainerState("running", true, 0, Optional.empty(), Optional.empty()));
        WaitStrategy.Check check = new HealthcheckWait(T).check(target);
        assertTrue(check.hopeless());
        assertTrue(check.detail().contains("the image has no HEALTHCHECK"), check.detail());
    }

    @Test
    void runningWaitNeedsARunningProcess() {
        FakeTarget target = new FakeTarget(Map.of());
        target.states.add(new ContainerState("created", false, 0, Optional.empty(), Optional.empty()));
        target.states.add(new ContainerState("running", true, 0, Optional.empty(), Optional.empty()));
        RunningWait wait = new RunningWait(T);
        assertFalse(wait.check(target).ready());
        assertTrue(wait.check(target).ready());
        assertFalse(new ContainerState("created", false, 0, Optional.empty(), Optional.empty()).exited());
        assertTrue(new ContainerState("exited", false, 1, Optional.empty(), Optional.empty()).exited());
    }
}
