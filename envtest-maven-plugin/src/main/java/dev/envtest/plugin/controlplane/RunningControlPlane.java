package dev.envtest.plugin.controlplane;

import dev.envtest.plugin.pki.ControlPlanePki;
import dev.envtest.plugin.session.ProcessRecorder;
import java.nio.file.Path;
import java.util.List;

/** A started control plane: its URLs and credentials, and the way to stop it. */
public final class RunningControlPlane {


    private final String hostUrl;
    private final String containerUrl;
    private final String etcdUrl;
    private final int port;
    private final ControlPlanePki pki;
    private final List<ManagedProcess> processes;
    private final long etcdStartMillis;
    private final long apiServerServingMillis;
    private final java.util.concurrent.CompletableFuture<ControlPlane.ReadyOutcome> ready;
    private final Path etcdDataDirectory;
    private final ProcessRecorder recorder;
    private final boolean etcdSeeded;
    private final java.util.concurrent.CompletableFuture<Boolean> seeding;

    RunningControlPlane(String hostUrl, String containerUrl, String etcdUrl, int port, ControlPlanePki pki,
            List<ManagedProcess> processes, long etcdStartMillis, long apiServerServingMillis,
            java.util.concurrent.CompletableFuture<ControlPlane.ReadyOutcome> ready, Path etcdDataDirectory,
            ProcessRecorder recorder, boolean etcdSeeded, java.util.concurrent.CompletableFuture<Boolean> seeding) {
        this.hostUrl = hostUrl;
        this.containerUrl = containerUrl;
        this.etcdUrl = etcdUrl;
        this.port = port;
        this.pki = pki;
        this.processes = processes;
        this.etcdStartMillis = etcdStartMillis;
        this.apiServerServingMillis = apiServerServingMillis;
        this.ready = ready;
        this.etcdDataDirectory = etcdDataDirectory;
        this.recorder = recorder;
        this.etcdSeeded = etcdSeeded;
        this.seeding = seeding;
    }

    /**
     * Whether etcd started on a copy of a saved bootstrap (warmEtcd) rather than empty; then the start returned when the
     * API server served, and {@link #awaitReady} waits for its {@code /readyz}.
     */
    public boolean etcdSeeded() {
        return etcdSeeded;
    }

    /**
     * Waits until the bootstrap of this run's key is saved, when this run saves it (in the background after it was
     * ready: see {@link EtcdSeeder}); true when a saved bootstrap exists afterwards. For a JVM that exits right after
     * start (the start goal alone, keepRunning), which would end the seeding half-way.
     */
    public boolean awaitSeed() {
        return seeding.join();
    }

    /** The URL for clients on this machine, e.g. {@code https://127.0.0.1:34567}. */
    public String hostUrl() {
        return hostUrl;
    }

    /** The URL for containers, e.g. {@code https://host.containers.internal:34567}. */
    public String containerUrl() {
        return containerUrl;
    }

    public String etcdUrl() {
        return etcdUrl;
    }

    public int port() {
        return port;
    }

    public ControlPlanePki pki() {
        return pki;
    }

    public List<ManagedProcess> processes() {
        return processes;
    }

    /** Milliseconds from launching etcd until its /health answered. */
    public long etcdStartMillis() {
        return etcdStartMillis;
    }

    /**
     * Waits until the API server's {@code /readyz} answers 200 (at once, unless the start returned when it served; see
     * {@link ControlPlane#SERVING}). A failure is thrown as the start's would have been; the caller stops the control
     * plane.
     */
    public void awaitReady() {
        ControlPlaneException failure = ready.join().failure();
        if (failure != null) {
            throw failure;
        }
    }

    /** Milliseconds from launching kube-apiserver until it served (see {@link ControlPlane#SERVING}). */
    public long apiServerServingMillis() {
        return apiServerServingMillis;
    }

    /** Milliseconds from launching kube-apiserver until its /readyz answered 200 (after {@link #awaitReady}). */
    public long apiServerStartMillis() {
        return ready.join().millis();
    }

    /** Stops kube-apiserver (gracefully, then forcibly), then etcd (at once), and deletes etcd's data. Idempotent. */
    public void stop() {
        EtcdSeeder.cancel(etcdDataDirectory.getParent());
        for (int i = processes.size() - 1; i >= 0; i--) {
            ManagedProcess p = processes.get(i);
            ManagedProcess.stopByName(p.name(), p.handle());
            recorder.stopped(p.name());
        }
        ControlPlane.deleteRecursively(etcdDataDirectory);
    }
}
