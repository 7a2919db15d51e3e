package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerListenerTest {

    @TempDir
    java.nio.file.Path dir;

    private static Optional<InetSocketAddress> dialled(String... arguments) {
        return ApiServerListener.dialledAt(List.of(arguments));
    }

    @Test
    void theUnspecifiedBindAddressIsDialledOnLoopback() throws IOException {
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40115)),
                dialled("--etcd-servers=http://127.0.0.1:2379", "--bind-address=0.0.0.0", "--secure-port=40115"));
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("::1"), 40115)),
                dialled("--bind-address=::", "--secure-port=40115"));
    }

    @Test
    void aGivenBindAddressIsDialledItselfInEitherFlagFormAndTheLastFlagCounts() throws IOException {
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getByName("10.88.0.1"), 7443)),
                dialled("--bind-address", "10.88.0.1", "--secure-port=6000", "--secure-port", "7443"));
        assertEquals(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6443)), dialled("--secure-port=6443"),
                "kube-apiserver's own default bind address: 0.0.0.0");
    }

    @Test
    void backendsFlushedAtExitOrUnusableFlagsMeanNoShortcut() {
        assertEquals(Optional.empty(), dialled("--secure-port=7443", "--audit-log-path=/tmp/audit.log"));
        assertEquals(Optional.empty(), dialled("--secure-port=7443", "--audit-webhook-config-file", "/tmp/webhook.yaml"));
        assertEquals(Optional.empty(), dialled("--secure-port=7443", "--tracing-config-file=/tmp/tracing.yaml"));
        assertTrue(dialled("--secure-port=7443", "--audit-log-path=").isPresent(), "an empty audit path is no audit log");
        assertEquals(Optional.empty(), dialled("--bind-address=127.0.0.1"), "no port given: none guessed");
        assertEquals(Optional.empty(), dialled("--secure-port=0"));
        assertEquals(Optional.empty(), dialled("--secure-port=https"));
    }

    @Test
    void onlyARefusedConnectionCountsAsClosed() throws IOException {
        InetSocketAddress address;
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
            assertFalse(ApiServerListener.refuses(address));
        }
        assertTrue(ApiServerListener.refuses(address));
    }

    @Test
    void theCheckReadsTheRunningProcesssOwnCommandLine() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listening.getLocalPort();
            ManagedProcess fake = ManagedProcess.start("kube-apiserver", List.of("sh", "-c", "while :; do sleep 0.05; done", "sh",
                    "--bind-address=127.0.0.1", "--secure-port=" + port), dir, dir.resolve("fake.log"), Map.of());
            try {
                BooleanSupplier closed = ApiServerListener.closedCheck(fake.handle()).orElseThrow();
                assertFalse(closed.getAsBoolean(), "still listening");
                listening.close();
                assertTrue(closed.getAsBoolean(), "closed");
            } finally {
                fake.stop(Duration.ZERO);
            }
        }
    }

    /**
     * What stop does with it: a process that would take its whole grace (it ignores SIGTERM, as a kube-apiserver in
     * net/http's GOAWAY wait keeps running) is killed once its port closes, and that is no kill "after the grace".
     * The guard is far below the 60 s grace and far above what the stop needs.
     */
    @Test
    void aProcessWhosePortClosedAfterSigtermIsKilledWithoutWaitingForItsGrace() throws Exception {
        ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        ManagedProcess stubborn = ManagedProcess.start("kube-apiserver", List.of("sh", "-c",
                "trap '' TERM; echo armed; while :; do sleep 0.05; done"), dir, dir.resolve("stubborn.log"), Map.of());
        while (!java.nio.file.Files.readString(stubborn.logFile()).contains("armed")) {
            Thread.sleep(10);
        }
        int[] checks = {0};
        BooleanSupplier closedOnThirdCheck = () -> {
            if (++checks[0] == 3) {
                try {
                    listening.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return ApiServerListener.refuses(address);
        };
        boolean killedAfterGrace = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> ManagedProcess.stop(stubborn.handle(), Duration.ofSeconds(60), closedOnThirdCheck));
        assertFalse(killedAfterGrace);
        assertEquals(3, checks[0], "killed at the first check that saw the port closed");
        stubborn.handle().onExit().get();
        assertEquals(137, assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            stubborn.stop(Duration.ZERO);
            return stubborn.exitCode();
        }), "ended by SIGKILL");
    }
}
