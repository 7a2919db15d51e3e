package bench;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;

/**
 * fabric8 kube-api-test's {@code KubeAPIServer.start()} (etcd + kube-apiserver; it returns once /readyz answers 200)
 * on the binaries of a setup-envtest store: args[0] the store's root (holding k8s/1.34.2-linux-amd64), args[1] the
 * Kubernetes version. Prints the time start() took, from before the server object is built, and how long stop() took.
 * Used by .ci/bench/side-by-side.sh.
 */
public final class KubeApiTestStart {

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(args[0])
                .withApiServerVersion(args[1])
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        long started = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        server.stop();
        System.out.println("start " + started + " ms, stop " + (System.nanoTime() - t1) / 1_000_000 + " ms");
    }
}
