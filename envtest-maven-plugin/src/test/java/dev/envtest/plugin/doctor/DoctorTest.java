package dev.envtest.plugin.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.binaries.BinarySources;
import dev.envtest.plugin.engine.EngineDiscovery;
import dev.envtest.plugin.engine.PodmanCli;
import dev.envtest.plugin.lifecycle.StartRequest;
import dev.envtest.plugin.session.Reporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's verdicts for what would make start fail, with engines that never answer (no engine is dialled). */
class DoctorTest {

    @TempDir
    Path dir;

    /** Every engine refuses: the candidates are this machine's real ones, only the dialling fails. */
    private Doctor refusingEngines() {
        return new Doctor(Reporter.silent(), r -> new EngineDiscovery(r.dockerHost(), r.env(), "linux",
                host -> { throw new IllegalStateException("connection refused (test)"); }, PodmanCli.absent(), Reporter.silent()));
    }

    private StartRequest.Builder request() {
        return StartRequest.builder(dir.resolve("envtest")).env(Map.of()).home(dir)
                .binarySources(BinarySources.defaults().withStoreDirectory(dir.resolve("store")));
    }

    @Test
    void noEngineFailsAndListsEverySocketTried() {
        Diagnosis d = refusingEngines().examine(request().dockerHost(Optional.of("unix:///nonexistent.sock")).build(),
                Optional.empty(), "Maven test");
        Finding engine = d.finding("engine");
        assertTrue(engine.failed());
        String text = String.join("\n", engine.lines());
        assertTrue(text.contains("tried dockerHost parameter unix:///nonexistent.sock: no such socket"), text);
        // a configured dockerHost is the only engine tried: start never silently uses another one (issue 11)
        assertTrue(!text.contains("tried Docker socket"), text);
        assertTrue(text.contains("Fix: start the Podman API service"), text);
        assertTrue(d.failed());
        // without an engine, auto still has an answer: loopback for host-side tests
        assertTrue(d.finding("host access").lines().get(0).startsWith("bind 127.0.0.1 (auto)"), d.finding("host access").lines().toString());
    }

    @Test
    void aTakenPortFailsNamingThePortAndTheFix() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Diagnosis d = refusingEngines().examine(request().bindAddress("127.0.0.1").apiServerPort(port).build(), Optional.empty(),
                    "Maven test");
            Finding bind = d.finding("bind");
            assertTrue(bind.failed());
            assertTrue(bind.lines().get(0).startsWith("port " + port + " on 127.0.0.1 is already in use"), bind.lines().toString());
            assertTrue(bind.lines().get(0).contains("-Denvtest.apiServerPort=0"), bind.lines().toString());
        }
    }

    @Test
    void aFreePortIsReportedBindable() {
        Diagnosis d = refusingEngines().examine(request().bindAddress("127.0.0.1").build(), Optional.empty(), "Maven test");
        Finding bind = d.finding("bind");
        assertFalse(bind.failed());
        assertTrue(bind.lines().get(0).matches("127\\.0\\.0\\.1:\\d+ can be bound now \\(apiServerPort=0.*"), bind.lines().toString());
        assertTrue(d.finding("host access").lines().get(0).startsWith("bind 127.0.0.1 (configured)"));
    }

    @Test
    void aBindAddressOfAnotherMachineFails() {
        Diagnosis d = refusingEngines().examine(request().bindAddress("192.0.2.1").build(), Optional.empty(), "Maven test");
        Finding access = d.finding("host access");
        assertTrue(access.failed());
        assertTrue(String.join("\n", access.lines()).contains("192.0.2.1 is not an address of this machine"), access.lines().toString());
    }

    @Test
    void missingBinariesWouldBeDownloadedOnlineAndFailOffline() {
        Diagnosis online = refusingEngines().examine(request().build(), Optional.empty(), "Maven test");
        Finding binaries = online.finding("binaries");
        assertEquals(Finding.Status.WARN, binaries.status());
        String text = String.join("\n", binaries.lines());
        assertTrue(text.contains("kube-apiserver was not found. Looked at:"), text);
        assertTrue(text.contains("start would download them from https://"), text);

        Diagnosis offline = refusingEngines().examine(request().binarySources(BinarySources.defaults()
                .withStoreDirectory(dir.resolve("store")).withOffline(true)).build(), Optional.empty(), "Maven test");
        assertTrue(offline.finding("binaries").failed());
        assertTrue(String.join("\n", offline.finding("binaries").lines()).contains("offline"));
    }

    @Test
    void aNonExecutableBinaryFails() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("etcd"), "not a program");
        Diagnosis d = refusingEngines().examine(request().binaryDirectory(Optional.of(bin)).build(), Optional.empty(), "Maven test");
        Finding binaries = d.finding("binaries");
        assertTrue(binaries.failed());
        assertTrue(binaries.lines().get(0).startsWith("etcd at " + bin.resolve("etcd") + " (from binaryDirectory"), binaries.lines().toString());
        assertTrue(binaries.lines().get(0).contains("Fix: chmod +x"));
    }

    @Test
    void theStoreAndWorkDirectoryAreDescribedWithoutBeingCreated() {
        Diagnosis d = refusingEngines().examine(request().build(), Optional.empty(), "Maven 3.9.9");
        assertTrue(d.finding("store").lines().get(0).startsWith(dir.resolve("store") + " (does not exist yet), writable"),
                d.finding("store").lines().toString());
        assertEquals("locks: none", d.finding("store").lines().get(1));
        assertTrue(d.finding("work directory").lines().get(0).endsWith("no envtest recorded there"));
        assertTrue(d.finding("versions").lines().get(0).startsWith("Maven 3.9.9, Java " + System.getProperty("java.version")));
        assertFalse(Files.exists(dir.resolve("store")), "the doctor creates nothing");
        assertFalse(Files.exists(dir.resolve("envtest")), "the doctor creates nothing");
    }

    @Test
    void aProbeIsNotRunWithoutAnEngine() {
        Diagnosis d = refusingEngines().examine(request().build(), Optional.of(new ProbeRequest(
                dev.envtest.plugin.containers.ImageSpec.pull("localhost/none:1", dev.envtest.plugin.containers.PullPolicy.NEVER),
                java.util.List.of(), java.time.Duration.ofSeconds(5))), "Maven test");
        Finding probe = d.finding("container probe");
        assertTrue(probe.failed());
        assertTrue(probe.lines().get(0).startsWith("not run: it needs an engine"));
    }

    @Test
    void findingsRenderAsAFewIndentedLines() {
        Finding f = Finding.fail("bind", java.util.List.of("first", "second\nthird"));
        assertEquals(java.util.List.of("[FAIL] bind: first", "         second\n         third"), f.render());
    }
}
