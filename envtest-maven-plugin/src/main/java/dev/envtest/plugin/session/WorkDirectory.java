package dev.envtest.plugin.session;

import java.nio.file.Path;

/**
 * Every path under the work directory ({@code target/envtest}), named once, so that start, stop (possibly in another
 * JVM), the stages and the messages that point users at a file all agree. The architecture page lists what each
 * file records.
 */
public record WorkDirectory(Path root) {

    public static WorkDirectory of(Path root) {
        return new WorkDirectory(root);
    }

    /** What the run created, for stop, the shutdown guard and the next run's reaping. */
    public Path sessionFile() {
        return root.resolve("session.json");
    }

    /** Every exported property, for failsafe and IDEs. */
    public Path propertiesFile() {
        return root.resolve("envtest.properties");
    }

    public Path pki() {
        return root.resolve("pki");
    }

    public Path etcdData() {
        return root.resolve("etcd-data");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** {@code logs/<name>.log}: a process's or a container's output. */
    public Path log(String name) {
        return logs().resolve(name + ".log");
    }

    /** {@code logs/<name>.build.log}: the engine's output while building a container's image. */
    public Path buildLog(String container) {
        return logs().resolve(container + ".build.log");
    }

    /** ServiceAccounts' tokens, kubeconfigs and in-cluster bundles (emptied at each start). */
    public Path identities() {
        return root.resolve("identities");
    }

    /** Webhook servers' serving certificates, keys and keystores, one directory per server (emptied at each start). */
    public Path webhooks() {
        return root.resolve("webhooks");
    }

    /** The admin's kubeconfig with the host URL. */
    public Path adminKubeconfig() {
        return root.resolve("kubeconfig");
    }

    /** The admin's kubeconfig with the URL containers dial. */
    public Path containerAdminKubeconfig() {
        return root.resolve("container-kubeconfig");
    }

    /** cluster=existing: the CA of the kubeconfig's cluster, for tests ({@code envtest.ca}). */
    public Path clusterCa() {
        return root.resolve("cluster-ca.crt");
    }

    /** Temporary files (an image build's context archive). */
    public Path scratch() {
        return root.resolve("tmp");
    }
}
