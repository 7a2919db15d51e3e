package dev.envtest.plugin.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.envtest.plugin.session.RecordingReporter;
import dev.envtest.plugin.session.Reporter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims on free ports across threads and processes: two starts are never handed the same port while either claim
 * is live; claims of exited processes, reused pids and expired claims are reclaimed; an unusable directory turns
 * claims off without failing.
 */
class PortReservationsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("state/envtest-maven-plugin/ports");
    }

    /** Candidates {@code base}, {@code base}+1, ...: every instance is offered the same ports in the same order. */
    private static PortReservations.Candidates sequence(int base) {
        AtomicInteger next = new AtomicInteger(base);
        return address -> next.getAndIncrement();
    }

    /** A base outside the kernel's ephemeral range, so that nothing else on the machine is likely to take these ports. */
    private static int base() {
        return 20_000 + ThreadLocalRandom.current().nextInt(0, 8_000);
    }

    private PortReservations reservations(PortReservations.Candidates candidates, Reporter reporter) {
        return new PortReservations(dir(), candidates, Clock.systemUTC(), reporter);
    }

    private void claimFile(int port, long pid, String started, long reserved) throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("port-" + port), new PortReservations.Claim(pid, 0, started, reserved, "other", "test").text());
    }

    private static String startOfThisJvm() {
        return dev.envtest.plugin.session.ProcessStart.of(ProcessHandle.current()).orElseThrow();
    }

    /** A start of the same form as this JVM's that is not this JVM's: what a recycled pid shows. */
    private static String anotherStart() {
        return startOfThisJvm().startsWith("boot:") ? startOfThisJvm().replaceFirst("\\+\\d+$", "+1") : "2001-01-01T00:00:00Z";
    }

    @Test
    void threadsOfferedTheSamePortsInTheSameOrderAreEachHandedDifferentOnes() throws Exception {
        int base = base();
        int threads = 6;
        int each = 10;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<Integer>>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            // one instance per thread, as each execution of the plugin has its own
            PortReservations mine = reservations(sequence(base), Reporter.silent());
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    ports.add(mine.reserve(LOOPBACK, "test").port());
                }
                return ports;
            }, runnable -> new Thread(runnable).start()));
        }
        go.countDown();
        List<Integer> all = new ArrayList<>();
        for (CompletableFuture<List<Integer>> run : runs) {
            all.addAll(run.get(60, TimeUnit.SECONDS));
        }
        assertEquals(threads * each, all.size());
        assertEquals(threads * each, new HashSet<>(all).size(), "no port handed out twice: " + all);
    }

    @Test
    void kernelChosenPortsAreDistinctAcrossThreads() throws Exception {
        List<CompletableFuture<List<Integer>>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            PortReservations mine = new PortReservations(dir(), Reporter.silent());
            runs.add(CompletableFuture.supplyAsync(() -> {
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    ports.add(mine.reserve(LOOPBACK, "test").port());
                }
                return ports;
            }, runnable -> new Thread(runnable).start()));
        }
        Set<Integer> distinct = new HashSet<>();
        int count = 0;
        for (CompletableFuture<List<Integer>> run : runs) {
            List<Integer> ports = run.get(60, TimeUnit.SECONDS);
            count += ports.size();
            distinct.addAll(ports);
        }
        assertEquals(160, count);
        assertEquals(count, distinct.size());
        try (Stream<Path> files = Files.list(dir())) {
            assertEquals(160, files.filter(f -> f.getFileName().toString().startsWith("port-")).count(), "one claim per port");
        }
    }

    @Test
    void twoJvmsOfferedTheSamePortsAtOnceAreEachHandedDifferentOnes() throws Exception {
        int base = base();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> jvms = new ArrayList<>();
        List<BufferedReader> outs = new ArrayList<>();
        List<PortReservation> ours = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ReserveInAnotherJvm.class.getName(),
                        dir().toString(), Integer.toString(base), "25").redirectErrorStream(true).start();
                jvms.add(jvm);
                BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
                outs.add(out);
                assertEquals("READY", out.readLine());
            }
            // and this JVM too, from the same candidates, while both others claim
            PortReservations here = reservations(sequence(base), Reporter.silent());
            for (Process jvm : jvms) {
                OutputStream in = jvm.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                PortReservation reservation = here.reserve(LOOPBACK, "test");
                ours.add(reservation);
                all.add(reservation.port());
            }
            for (BufferedReader out : outs) {
                String line;
                int mine = 0;
                while ((line = out.readLine()) != null && !line.equals("DONE")) {
                    assertTrue(line.startsWith("port="), line);
                    all.add(Integer.parseInt(line.substring("port=".length())));
                    mine++;
                }
                assertEquals("DONE", line);
                assertEquals(25, mine);
            }
            assertEquals(60, new HashSet<>(all).size(), "no port handed out twice across the three JVMs: " + all);
        } finally {
            for (Process jvm : jvms) {
                jvm.getOutputStream().close();
                if (!jvm.waitFor(30, TimeUnit.SECONDS)) {
                    jvm.destroyForcibly();
                }
            }
        }
        ours.forEach(PortReservation::release);
        // their claims outlived them (they never released): the next instance reclaims the first port at once
        assertEquals(base, reservations(sequence(base), Reporter.silent()).reserve(LOOPBACK, "test").port(),
                "the claim of an exited JVM is reclaimed");
    }

    @Test
    void aLiveClaimIsSkippedAndReleaseLetsThePortBeClaimedAgain() throws Exception {
        int base = base();
        PortReservations first = reservations(sequence(base), Reporter.silent());
        PortReservation held = first.reserve(LOOPBACK, "etcdPort");
        assertEquals(base, held.port());
        assertTrue(Files.readString(dir().resolve("port-" + base)).contains("pid=" + ProcessHandle.current().pid() + "\n"));

        RecordingReporter said = RecordingReporter.withDebug();
        assertEquals(base + 1, reservations(sequence(base), said).reserve(LOOPBACK, "apiServerPort").port());
        assertTrue(said.lines().stream().anyMatch(l -> l.contains("Port " + base + " is claimed by pid " + ProcessHandle.current().pid()
                + " (etcdPort)")), said.lines().toString());

        held.release();
        held.release();
        assertFalse(Files.exists(dir().resolve("port-" + base)), "released");
        assertEquals(base, reservations(sequence(base), Reporter.silent()).reserve(LOOPBACK, "test").port());
    }

    @Test
    void claimsOfExitedProcessesAreReclaimed() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        int port = base();
        claimFile(port, gone.pid(), "", System.currentTimeMillis());

        RecordingReporter said = RecordingReporter.withDebug();
        assertEquals(port, reservations(address -> port, said).reserve(LOOPBACK, "test").port());
        assertTrue(said.lines().stream().anyMatch(l -> l.contains("Reclaimed port " + port + " from pid " + gone.pid())), said.lines().toString());
        assertTrue(Files.readString(dir().resolve("port-" + port)).contains("pid=" + ProcessHandle.current().pid() + "\n"), "claimed anew");
    }

    @Test
    void aClaimOfAReusedPidIsReclaimed() throws Exception {
        int port = base();
        // this JVM's pid, but a start time that is not this JVM's: the pid was reused after its claimer exited
        claimFile(port, ProcessHandle.current().pid(), anotherStart(), System.currentTimeMillis());
        assertEquals(port, reservations(address -> port, Reporter.silent()).reserve(LOOPBACK, "test").port());
    }

    @Test
    void aClaimOfAnEarlierVersionIsHeldWhileItsPidRuns() throws Exception {
        int port = base();
        // only the start's epoch milliseconds, which move with the clock: held by pid alone
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("port-" + port), "pid=" + ProcessHandle.current().pid() + "\nstarted=1796410745000\nreserved="
                + System.currentTimeMillis() + "\ntoken=old\npurpose=etcdPort\n");
        AtomicInteger offered = new AtomicInteger(port);
        assertEquals(port + 1, reservations(address -> offered.getAndIncrement(), Reporter.silent()).reserve(LOOPBACK, "test").port());
    }

    @Test
    void aClaimStillCarriesTheEpochMillisecondsThatEarlierVersionsRead() throws Exception {
        int port = base();
        reservations(address -> port, Reporter.silent()).reserve(LOOPBACK, "etcdPort");
        String claim = Files.readString(dir().resolve("port-" + port));
        long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        assertTrue(claim.contains("\nstarted=" + started + "\n"), claim);
        assertTrue(claim.contains("\nstart=" + startOfThisJvm() + "\n"), claim);
    }

    @Test
    void aClaimOlderThanTheHoldIsReclaimedEvenWhileItsOwnerRuns() throws Exception {
        int port = base();
        long now = System.currentTimeMillis();
        claimFile(port, ProcessHandle.current().pid(), startOfThisJvm(), now);
        Clock later = Clock.fixed(Instant.ofEpochMilli(now).plus(PortReservations.HOLD).plus(Duration.ofSeconds(1)), ZoneOffset.UTC);
        assertEquals(port, new PortReservations(dir(), address -> port, later, Reporter.silent()).reserve(LOOPBACK, "test").port());

        Clock within = Clock.fixed(Instant.ofEpochMilli(now).plus(PortReservations.HOLD).minus(Duration.ofSeconds(1)), ZoneOffset.UTC);
        claimFile(port + 1, ProcessHandle.current().pid(), startOfThisJvm(), now);
        AtomicInteger offered = new AtomicInteger(port + 1);
        assertEquals(port + 2, new PortReservations(dir(), address -> offered.getAndIncrement(), within, Reporter.silent())
                .reserve(LOOPBACK, "test").port(), "still held within the hold");
    }

    @Test
    void anUnreadableClaimIsReclaimed() throws Exception {
        int port = base();
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("port-" + port), "pid=");
        assertEquals(port, reservations(address -> port, Reporter.silent()).reserve(LOOPBACK, "test").port());
    }

    @Test
    void releaseLeavesAClaimThatIsNoLongerOurs() throws Exception {
        int port = base();
        PortReservation held = reservations(address -> port, Reporter.silent()).reserve(LOOPBACK, "test");
        // expired and claimed by another start meanwhile
        claimFile(port, ProcessHandle.current().pid(), startOfThisJvm(), System.currentTimeMillis());
        held.release();
        assertTrue(Files.readString(dir().resolve("port-" + port)).contains("token=other\n"), "the other start's claim stays");
    }

    @Test
    void theFirstClaimSweepsStaleClaimsOfOtherPorts() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        int port = base();
        claimFile(port + 7, gone.pid(), "", System.currentTimeMillis());
        claimFile(port + 8, ProcessHandle.current().pid(), startOfThisJvm(), System.currentTimeMillis());
        reservations(address -> port, Reporter.silent()).reserve(LOOPBACK, "test");
        assertFalse(Files.exists(dir().resolve("port-" + (port + 7))), "the exited process's claim is swept");
        assertTrue(Files.exists(dir().resolve("port-" + (port + 8))), "a live claim stays");
    }

    @Test
    void theDirectoryAndEachClaimAreTheOwnersOnly() throws Exception {
        reservations(sequence(base()), Reporter.silent()).reserve(LOOPBACK, "test");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
        try (Stream<Path> files = Files.list(dir())) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }
    }

    @Test
    void aPortInUseIsNeverClaimed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            AtomicInteger offered = new AtomicInteger();
            int free = base();
            PortReservation got = reservations(address -> offered.getAndIncrement() == 0 ? taken.getLocalPort() : free,
                    Reporter.silent()).reserve(LOOPBACK, "test");
            assertEquals(free, got.port());
            assertFalse(Files.exists(dir().resolve("port-" + taken.getLocalPort())));
        }
    }

    @Test
    void anUnusableDirectoryTurnsClaimsOffWithADebugLineAndTheKernelsPortsStillCome() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        RecordingReporter said = RecordingReporter.withDebug();
        // under a regular file: no directory can be made there, not even by root
        PortReservations off = new PortReservations(file.resolve("ports"), said);
        int first = off.reserve(LOOPBACK, "etcdPort").port();
        int second = off.reserve(LOOPBACK, "apiServerPort").port();
        assertTrue(first > 0 && second > 0);
        assertEquals(1, said.lines().stream().filter(l -> l.startsWith("DEBUG Ports are not claimed across processes: "
                + file.resolve("ports"))).count(), said.lines().toString());
        assertTrue(said.lines().stream().noneMatch(l -> l.startsWith("WARN")), said.lines().toString());
        try (ServerSocket bound = new ServerSocket(first, 1, LOOPBACK)) {
            assertEquals(first, bound.getLocalPort(), "a port that can be bound");
        }
    }

    @Test
    void whenEveryCandidateIsClaimedTheErrorNamesTheDirectoryAndTheFix() throws Exception {
        int port = base();
        claimFile(port, ProcessHandle.current().pid(), startOfThisJvm(), System.currentTimeMillis());
        ControlPlaneException e = assertThrows(ControlPlaneException.class,
                () -> reservations(address -> port, Reporter.silent()).reserve(LOOPBACK, "test"));
        assertTrue(e.getMessage().contains("that another start has not claimed, after " + PortReservations.ATTEMPTS + " candidates"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: let the other builds of this user finish; if none runs, delete " + dir()), e.getMessage());
    }

    @Test
    void aRequestedPortKeepsItsInUseErrorAndIsNotClaimed() throws Exception {
        PortReservations reservations = reservations(sequence(base()), Reporter.silent());
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            ControlPlaneException e = assertThrows(ControlPlaneException.class,
                    () -> reservations.reserveOrFail(LOOPBACK, taken.getLocalPort(), "etcdPort"));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), e.getMessage());
            assertTrue(e.getMessage().contains("-Denvtest.etcdPort=0"), e.getMessage());
        }
        int free = base() + 1;
        assertEquals(free, reservations.reserveOrFail(LOOPBACK, free, "etcdPort").port());
        assertFalse(Files.exists(dir().resolve("port-" + free)), "a requested port is the user's: no claim");
        assertNotEquals(0, reservations.reserveOrFail(LOOPBACK, 0, "etcdPort").port());
    }
}
