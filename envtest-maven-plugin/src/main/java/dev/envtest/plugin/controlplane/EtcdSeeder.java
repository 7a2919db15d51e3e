package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.http.HttpClientShutdown;
import dev.envtest.plugin.session.ProcessRecorder;
import dev.envtest.plugin.session.WorkDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Saves the bootstrap of a key that has none yet, off the run's critical path: once the run's own control plane is
 * ready, a dedicated pair — etcd on an empty data directory and kube-apiserver with the run's flags on other loopback
 * ports — is started, so that nothing but the API server itself ever writes into what is saved (never a user's run:
 * its etcd would hold the user's objects). When /readyz answers 200 (every post-start hook, RBAC's bootstrap roles and
 * the flow-control configuration included, has finished), the API server is stopped, etcd is reduced to what every
 * start reconciles anyway ({@link #KEPT}: the rest — its identity lease, the extension-apiserver-authentication
 * ConfigMap with this run's client CA, anything else — is deleted), compacted and defragmented, stopped cleanly, and
 * its data directory saved ({@link EtcdSeedStore#save}).
 *
 * <p>Both processes are recorded like the run's own (as {@code etcd-seed} and {@code kube-apiserver-seed}), so the
 * supervisor, the shutdown hook and {@code stop} end them with the rest; {@link #cancel} (called by every stop) ends
 * them at once and keeps any from being started afterwards. Whatever fails, nothing is saved, the run is not
 * disturbed, and the reason is a debug line.
 */
public final class EtcdSeeder {

    /**
     * What every kube-apiserver start ensures (creates or reconciles), and therefore all that a seed keeps. Not kept,
     * though the first start writes them: the allocators' ranges and the kubernetes Service with its IPAddress (when
     * the seeding API server got that far: they are written after /readyz), which a start recreates when they are
     * missing, as on a cold start — kept, a Service's address could be marked taken in a range without its Service.
     */
    static final List<String> KEPT = List.of(
            "/registry/apiregistration.k8s.io/apiservices/",
            "/registry/clusterrolebindings/",
            "/registry/clusterroles/",
            "/registry/flowschemas/",
            "/registry/namespaces/",
            "/registry/prioritylevelconfigurations/",
            "/registry/priorityclasses/",
            "/registry/rolebindings/",
            "/registry/roles/",
            "/registry/servicecidrs/");

    private static final Map<Path, EtcdSeeder> RUNNING = new ConcurrentHashMap<>();
    private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]*)\"");
    private static final Pattern REVISION = Pattern.compile("\"revision\":\"?(\\d+)");

    private final EtcdSeedStore store;
    private final ControlPlaneSettings settings;
    private final ProcessRecorder recorder;
    private final Consumer<String> debug;
    private final List<ManagedProcess> started = new ArrayList<>();
    /**
     * Made on the seeding thread when first used: the readiness probes no longer load the JDK's HTTP client, so the first
     * one built in this JVM (class loading, a selector thread) would otherwise cost the goal's thread on a cold start.
     */
    private HttpClient http;
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    private boolean cancelled;

    private EtcdSeeder(EtcdSeedStore store, ControlPlaneSettings settings, ProcessRecorder recorder, Consumer<String> debug) {
        this.store = store;
        this.settings = settings;
        this.recorder = recorder;
        this.debug = debug;
    }

    /**
     * Starts seeding on a daemon thread; the future is true once the seed is saved (by this run or by another build
     * first), false when it failed or was cancelled.
     */
    static CompletableFuture<Boolean> startInBackground(EtcdSeedStore store, ControlPlaneSettings settings,
            CommandLineFlags runApiServerFlags, boolean unsafeNoFsync, SSLContext adminTls, ProcessRecorder recorder,
            Consumer<String> debug) {
        EtcdSeeder seeder = new EtcdSeeder(store, settings, recorder, debug);
        EtcdSeeder previous = RUNNING.put(settings.workDirectory(), seeder);
        if (previous != null) {
            previous.cancel();
        }
        Thread thread = new Thread(() -> {
            try {
                seeder.done.complete(seeder.seed(runApiServerFlags, unsafeNoFsync, adminTls));
            } catch (Exception e) {
                debug.accept("warmEtcd: no bootstrap saved (" + (seeder.isCancelled() ? "the run was stopped first" : e) + ")");
                seeder.done.complete(false);
            } finally {
                seeder.stopAll();
                RUNNING.remove(settings.workDirectory(), seeder);
            }
        }, "envtest-etcd-seed");
        thread.setDaemon(true);
        thread.start();
        return seeder.done;
    }

    /**
     * Ends the seeding of the run in {@code workDirectory}, if any, at once (its data is thrown away). Also called at
     * the start of every control plane, which loads this class before a shutdown hook may need it (Maven may have
     * closed the plugin's class realm by then).
     */
    public static void cancel(Path workDirectory) {
        EtcdSeeder seeder = RUNNING.remove(workDirectory.toAbsolutePath().normalize());
        if (seeder != null) {
            seeder.cancel();
        }
    }

    private boolean seed(CommandLineFlags runApiServerFlags, boolean unsafeNoFsync, SSLContext adminTls)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path temporary = store.newTemporary();
        List<PortReservation> reservations = new ArrayList<>();
        try {
            Path data = temporary.resolve("data");
            InetAddress loopback = InetAddress.getLoopbackAddress();
            // claimed like the run's own ports, so that a parallel start is never handed one of them
            int etcdPort = reserve(reservations, loopback, "etcd-seed client port");
            String etcdUrl = "http://127.0.0.1:" + etcdPort;
            ManagedProcess etcd = launch("etcd-seed", settings.binaries().etcd().path(),
                    EtcdFlags.defaults(data, etcdPort, reserve(reservations, loopback, "etcd-seed peer port"), unsafeNoFsync));
            int apiPort = reserve(reservations, loopback, "kube-apiserver-seed port");
            CommandLineFlags apiFlags = runApiServerFlags.copy()
                    .set("etcd-servers", etcdUrl)
                    .set("bind-address", "127.0.0.1")
                    .set("advertise-address", "127.0.0.1")
                    .set("secure-port", Integer.toString(apiPort));
            ManagedProcess apiServer = launch("kube-apiserver-seed", settings.binaries().kubeApiServer().path(), apiFlags);
            ReadinessProbe.Outcome outcome = new ReadinessProbe(adminTls).await(URI.create("https://127.0.0.1:" + apiPort + "/readyz"),
                    settings.startupTimeout(), () -> apiServer.alive() && etcd.alive() && !isCancelled());
            if (outcome != ReadinessProbe.Outcome.READY) {
                throw new IOException("the seeding API server was not ready: " + outcome);
            }
            boolean killed = apiServer.stop(ManagedProcess.GRACE);
            stopped(apiServer);
            if (killed) {
                throw new IOException("the seeding API server had to be killed");
            }
            int deleted = keepOnlyWhatEveryStartReconciles(etcdUrl);
            // on SIGTERM etcd closes its WAL and backend, then exits by the signal: only a kill would leave them torn
            killed = etcd.stop(ManagedProcess.GRACE);
            stopped(etcd);
            if (killed) {
                throw new IOException("the seeding etcd had to be killed");
            }
            if (isCancelled()) {
                return false;
            }
            boolean saved = store.save(data);
            debug.accept("warmEtcd: " + (saved ? "saved the bootstrap " + store.seedDirectory() : "another build saved "
                    + store.seedDirectory() + " first") + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms (" + deleted
                    + " keys of that one run deleted)");
            return true;
        } finally {
            // its selector thread would hold up the exit of the Maven process by 0.3 s
            HttpClientShutdown.now(http);
            http = null;
            reservations.forEach(PortReservation::release);
            EtcdSeedStore.deleteQuietly(temporary);
        }
    }

    private int reserve(List<PortReservation> reservations, InetAddress address, String purpose) {
        PortReservation reservation = settings.ports().reserve(address, purpose);
        reservations.add(reservation);
        return reservation.port();
    }

    /** Deletes every key outside {@link #KEPT}, then compacts and defragments: a seed of a few hundred kB. */
    private int keepOnlyWhatEveryStartReconciles(String etcdUrl) throws IOException, InterruptedException {
        String all = gateway(etcdUrl, "/v3/kv/range", "{\"key\":\"" + b64("\0") + "\",\"range_end\":\"" + b64("\0")
                + "\",\"keys_only\":true}");
        int deleted = 0;
        Matcher keys = KEY.matcher(all);
        while (keys.find()) {
            String key = new String(Base64.getDecoder().decode(keys.group(1)), StandardCharsets.UTF_8);
            if (KEPT.stream().noneMatch(key::startsWith)) {
                gateway(etcdUrl, "/v3/kv/deleterange", "{\"key\":\"" + keys.group(1) + "\"}");
                deleted++;
            }
        }
        Matcher revision = REVISION.matcher(gateway(etcdUrl, "/v3/kv/range", "{\"key\":\"" + b64("/") + "\",\"limit\":1}"));
        if (!revision.find()) {
            throw new IOException("etcd did not say its revision");
        }
        gateway(etcdUrl, "/v3/kv/compaction", "{\"revision\":\"" + revision.group(1) + "\",\"physical\":true}");
        gateway(etcdUrl, "/v3/maintenance/defragment", "{}");
        return deleted;
    }

    private String gateway(String etcdUrl, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(etcdUrl + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        }
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("etcd " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private ManagedProcess launch(String name, Path binary, CommandLineFlags flags) {
        synchronized (this) {
            if (cancelled) {
                throw new IllegalStateException("cancelled");
            }
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(flags.toArguments());
            ManagedProcess process = ManagedProcess.start(name, command, settings.workDirectory(),
                    WorkDirectory.of(settings.workDirectory()).log(name), ControlPlane.childEnvironment(settings.sessionId()));
            started.add(process);
            recorder.started(name, process.handle());
            return process;
        }
    }

    private void stopped(ManagedProcess process) {
        synchronized (this) {
            started.remove(process);
        }
        recorder.stopped(process.name());
    }

    private synchronized boolean isCancelled() {
        return cancelled;
    }

    private void cancel() {
        synchronized (this) {
            cancelled = true;
        }
        stopAll();
        try {
            done.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // the seeding thread ends on its own; its processes are stopped above
        }
    }

    /** Kills what is still running (a seed's data is thrown away, so no grace). */
    private void stopAll() {
        List<ManagedProcess> processes;
        synchronized (this) {
            processes = List.copyOf(started);
            started.clear();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            ManagedProcess p = processes.get(i);
            if (p.alive()) {
                p.stop(Duration.ZERO);
            }
            recorder.stopped(p.name());
        }
    }
}
