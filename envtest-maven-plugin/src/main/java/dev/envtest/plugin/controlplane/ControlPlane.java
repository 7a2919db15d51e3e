package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.pki.TlsContexts;
import dev.envtest.plugin.session.Directories;
import dev.envtest.plugin.session.ProcessRecorder;
import dev.envtest.plugin.session.Reporter;
import dev.envtest.plugin.session.WorkDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Starts etcd and kube-apiserver as local processes and waits until the API server serves (see {@link #SERVING}; on
 * an empty etcd, until its {@code /readyz} answers 200). On any failure it stops what it started and throws an error
 * that quotes both processes' last log lines.
 */
public final class ControlPlane {

    private static final int LOG_LINES = 25;

    /**
     * {@code /readyz} without the two checks that wait only for bootstrap objects to be written: the post-start hooks
     * {@code rbac/bootstrap-roles} and {@code scheduling/bootstrap-system-priority-classes} each sleep a full second
     * ({@code wait.Poll}) before their first attempt, so they finish about a second after everything else answers. On a
     * saved bootstrap (warmEtcd) every object they write is already stored, and the API server serves: what a start
     * does next (CRDs, manifests, ServiceAccounts, tokens, containers) runs in that second, and
     * {@link RunningControlPlane#awaitReady} waits for the whole {@code /readyz} before the start ends and the tests
     * begin. A check that an older version does not have is ignored by the API server.
     */
    static final String SERVING = "/readyz?exclude=poststarthook/rbac/bootstrap-roles"
            + "&exclude=poststarthook/scheduling/bootstrap-system-priority-classes";

    /** How the wait for the whole {@code /readyz} ended: its time from the launch, and the error when it failed. */
    record ReadyOutcome(long millis, ControlPlaneException failure) {
    }

    private final ControlPlaneSettings settings;
    private final ProcessRecorder recorder;
    private final Reporter reporter;
    private final List<ManagedProcess> started = new ArrayList<>();
    private final List<PortReservation> reservations = new ArrayList<>();

    private ControlPlane(ControlPlaneSettings settings, ProcessRecorder recorder, Reporter reporter) {
        this.settings = settings;
        this.recorder = recorder;
        this.reporter = reporter;
    }

    /** Where the API server listens and the name containers dial it by. */
    public record Placement(InetAddress bindAddress, String containerHost) {
    }

    /**
     * Starts etcd at once, then asks for the placement and the PKI — which may still be in the making on other threads
     * (the container engine's answer, key generation) — and starts kube-apiserver. What either supplier throws stops
     * etcd and propagates.
     */
    public static RunningControlPlane start(ControlPlaneSettings settings, Supplier<ControlPlanePki> pki,
            Supplier<Placement> placement, ProcessRecorder recorder, Reporter reporter) {
        return new ControlPlane(settings, recorder, reporter).start(pki, placement);
    }

    private RunningControlPlane start(Supplier<ControlPlanePki> pki, Supplier<Placement> placement) {
        try {
            return startAll(pki, placement);
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        } finally {
            // ready means bound (no other start can be handed these ports now); failed means stopped
            reservations.forEach(PortReservation::release);
        }
    }

    private RunningControlPlane startAll(Supplier<ControlPlanePki> pkiSupplier, Supplier<Placement> placementSupplier) {
        // a seeding left from an earlier start in this work directory and JVM is ended before anything is reused
        EtcdSeeder.cancel(settings.workDirectory());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int etcdPort = reserve(loopback, settings.etcdPort(), "etcdPort");
        int peerPort = reserve(loopback, 0, "etcd peer port");
        String etcdUrl = "http://127.0.0.1:" + etcdPort;

        long t0 = System.nanoTime();
        deleteRecursively(settings.etcdDataDirectory());
        boolean unsafeNoFsync = BinaryFeatures.forCurrentUser().etcdHasUnsafeNoFsync(settings.binaries().etcd().path());
        CommandLineFlags etcdFlags = EtcdFlags.defaults(settings.etcdDataDirectory(), etcdPort, peerPort, unsafeNoFsync);
        etcdFlags.override(settings.etcdArgs(), "etcdArgs");
        EtcdSeedStore seeds = seedStore(unsafeNoFsync);
        // on a saved bootstrap etcd ignores its --initial-* flags: the single member keeps the name it was seeded with,
        // and its client and peer URLs are this run's flags (a lone member never dials its own stored peer URL)
        boolean seeded = seeds != null && seeds.restoreInto(settings.etcdDataDirectory(), reporter::debug);
        if (seeded) {
            reporter.info("etcd starts on a copy of the saved bootstrap " + seeds.seedDirectory().getFileName() + " (warmEtcd; copied in "
                    + seeds.copyMillis() + " ms)");
        }
        ManagedProcess etcd = launch("etcd", settings.binaries().etcd().path(), etcdFlags);

        // kube-apiserver retries etcd until it answers, so it is launched without waiting for etcd's /health
        Placement placement = placementSupplier.get();
        ControlPlanePki pki = pkiSupplier.get();
        InetAddress bind = placement.bindAddress();
        int apiPort = reserve(bind, settings.apiServerPort(), "apiServerPort");
        long t1 = System.nanoTime();
        CommandLineFlags apiFlags = ApiServerFlags.defaults(pki, bind, apiPort, etcdUrl, settings.pkiDirectory());
        List<String> replaced = apiFlags.override(settings.apiServerArgs(), "apiServerArgs");
        if (!replaced.isEmpty()) {
            reporter.info("apiServerArgs replace the defaults of: --" + String.join(", --", replaced));
        }
        ManagedProcess apiServer = launch("kube-apiserver", settings.binaries().kubeApiServer().path(), apiFlags);
        // etcd's own readiness is watched beside (for its time, and for an error that names etcd when it never gets
        // ready) from here on: its probe (a thread, a socket, the classes of its first answer) would otherwise compete
        // with the PKI and the launch above for the cores. So etcd's reported time is an upper bound: never less than
        // the API server's launch.
        ReadinessProbe etcdProbe = new ReadinessProbe(null);
        CompletableFuture<ReadinessProbe.Outcome> etcdReady = CompletableFuture.supplyAsync(
                () -> etcdProbe.await(URI.create(etcdUrl + "/health"), settings.startupTimeout(), etcd::alive), daemon("envtest-etcd-probe"));
        CompletableFuture<Long> etcdMillis = etcdReady.thenApply(outcome -> (System.nanoTime() - t0) / 1_000_000);
        String hostUrl = "https://" + LocalAddresses.urlHost(hostSideAddress(bind)) + ":" + apiPort;
        ReadinessProbe apiProbe = new ReadinessProbe(TlsContexts.clientContext(pki.authority().certificate(), pki.admin()));
        // on a saved bootstrap, the API server serves everything before its /readyz says so: see SERVING
        URI firstProbe = URI.create(hostUrl + (seeded ? SERVING : "/readyz"));
        ReadinessProbe.Outcome apiOutcome = apiProbe.await(firstProbe, settings.startupTimeout(),
                () -> apiServer.alive() && etcd.alive());
        if (apiOutcome != ReadinessProbe.Outcome.READY) {
            if (etcdReady.isDone() && etcdReady.join() != ReadinessProbe.Outcome.READY) {
                throw failure("etcd", etcdReady.join(), etcdProbe.lastAnswer(), etcd, null);
            }
            throw failure("kube-apiserver", apiOutcome, apiProbe.lastAnswer(), apiServer, etcd);
        }
        long servingMillis = (System.nanoTime() - t1) / 1_000_000;
        // the API server answered, so etcd answered it; its probe ends at once
        ReadinessProbe.Outcome etcdOutcome = etcdReady.join();
        if (etcdOutcome != ReadinessProbe.Outcome.READY) {
            throw failure("etcd", etcdOutcome, etcdProbe.lastAnswer(), etcd, null);
        }
        CompletableFuture<ReadyOutcome> ready = seeded
                ? CompletableFuture.supplyAsync(() -> {
                    try {
                        ReadinessProbe.Outcome outcome = apiProbe.await(URI.create(hostUrl + "/readyz"), settings.startupTimeout(),
                                () -> apiServer.alive() && etcd.alive());
                        long millis = (System.nanoTime() - t1) / 1_000_000;
                        return outcome == ReadinessProbe.Outcome.READY ? new ReadyOutcome(millis, null)
                                : new ReadyOutcome(millis, failure("kube-apiserver", outcome, apiProbe.lastAnswer(), apiServer, etcd));
                    } catch (RuntimeException e) {
                        return new ReadyOutcome((System.nanoTime() - t1) / 1_000_000,
                                new ControlPlaneException("waiting for kube-apiserver's /readyz failed: " + e));
                    }
                }, daemon("envtest-apiserver-readyz"))
                : CompletableFuture.completedFuture(new ReadyOutcome(servingMillis, null));

        String containerUrl = "https://" + LocalAddresses.urlHost(placement.containerHost()) + ":" + apiPort;
        CompletableFuture<Boolean> seeding = CompletableFuture.completedFuture(seeded);
        if (seeds != null && !seeded) {
            seeding = EtcdSeeder.startInBackground(seeds, settings, apiFlags, unsafeNoFsync,
                    TlsContexts.clientContext(pki.authority().certificate(), pki.admin()), recorder, reporter::debug);
        }
        return new RunningControlPlane(hostUrl, containerUrl, etcdUrl, apiPort, pki, List.copyOf(started),
                etcdMillis.join(), servingMillis, ready, settings.etcdDataDirectory(), recorder, seeded, seeding);
    }

    /**
     * The saved bootstraps of this run's key, or null when warmEtcd is off or cannot apply: with user flags (see
     * {@link EtcdSeedKey}) or binaries that cannot be read.
     */
    private EtcdSeedStore seedStore(boolean unsafeNoFsync) {
        WarmEtcd warm = settings.warmEtcd();
        if (!warm.enabled()) {
            return null;
        }
        if (!settings.apiServerArgs().isEmpty() || !settings.etcdArgs().isEmpty()) {
            reporter.debug("warmEtcd: off for this run, apiServerArgs or etcdArgs are set (their effect on what is stored is unknown)");
            return null;
        }
        try {
            return new EtcdSeedStore(warm.seeds(), EtcdSeedKey.of(settings.binaries().etcd().path(),
                    settings.binaries().kubeApiServer().path(), unsafeNoFsync));
        } catch (IOException | RuntimeException e) {
            reporter.debug("warmEtcd: off for this run, no key for the binaries (" + e + ")");
            return null;
        }
    }

    /** A requested port checked, or a free one claimed until this start ends (see {@link PortReservations}). */
    private int reserve(InetAddress address, int requested, String parameter) {
        PortReservation reservation = settings.ports().reserveOrFail(address, requested, parameter);
        reservations.add(reservation);
        return reservation.port();
    }

    /** The address host-side clients dial: loopback when the API server listens on a wildcard. */
    static String hostSideAddress(InetAddress bind) {
        if (bind.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        return bind.getHostAddress().replaceAll("%.*$", "");
    }

    private ManagedProcess launch(String name, Path binary, CommandLineFlags flags) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(flags.toArguments());
        Path logFile = WorkDirectory.of(settings.workDirectory()).log(name);
        ManagedProcess process = ManagedProcess.start(name, command, settings.workDirectory(), logFile,
                childEnvironment(settings.sessionId()), settings.outliveThisJvm());
        started.add(process);
        recorder.started(name, process.handle());
        return process;
    }

    /** What etcd and kube-apiserver get beside the build's environment: this build's mark, and {@link GoRuntime}'s defaults. */
    static Map<String, String> childEnvironment(String sessionId) {
        Map<String, String> env = new HashMap<>(GoRuntime.defaultsMissingFrom(System.getenv()));
        env.put(ManagedProcess.SESSION_ENV, sessionId);
        return env;
    }

    private ControlPlaneException failure(String name, ReadinessProbe.Outcome outcome, String lastAnswer,
            ManagedProcess process, ManagedProcess other) {
        String what = switch (outcome) {
            case PROCESS_EXITED -> process.alive() && other != null
                    ? other.name() + " exited with code " + other.exitCode() + " while " + name + " was starting"
                    : name + " exited with code " + process.exitCode() + " before it was ready";
            case TIMED_OUT -> name + " was not ready within " + settings.startupTimeout().toSeconds()
                    + " s (last answer: " + lastAnswer + ")";
            case READY -> name + " is ready";
        };
        StringBuilder message = new StringBuilder(what).append(".\n");
        message.append("Last lines of ").append(process.logFile()).append(":\n").append(indent(process.logTail(LOG_LINES)));
        if (other != null) {
            message.append("\nLast lines of ").append(other.logFile()).append(":\n").append(indent(other.logTail(LOG_LINES)));
        }
        message.append("\nFix: ").append(outcome == ReadinessProbe.Outcome.TIMED_OUT
                ? "raise -Denvtest.startupTimeout (seconds) on a slow machine, or read the logs above for the cause."
                : "read the log lines above; a flag from apiServerArgs/etcdArgs that the binary refuses is the usual cause.");
        return new ControlPlaneException(message.toString());
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private void stopAll() {
        EtcdSeeder.cancel(settings.workDirectory());
        for (int i = started.size() - 1; i >= 0; i--) {
            ManagedProcess p = started.get(i);
            ManagedProcess.stopByName(p.name(), p.handle());
            recorder.stopped(p.name());
        }
        deleteRecursively(settings.etcdDataDirectory());
    }

    private static java.util.concurrent.Executor daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    static void deleteRecursively(Path directory) {
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory + ": " + e.getMessage(), e);
        }
    }
}
